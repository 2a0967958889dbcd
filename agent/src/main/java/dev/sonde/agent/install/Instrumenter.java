package dev.sonde.agent.install;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.sonde.bootstrap.Hooks;
import dev.sonde.instrumentation.api.InstrumentationModule;
import dev.sonde.instrumentation.api.TypeInstrumentation;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;

/** Installs every enabled module's advice as one Byte Buddy class file transformer. */
public final class Instrumenter {

  private Instrumenter() {}

  /**
   * Registers the transformer, then retransforms the matching classes that are already loaded:
   * the agent installs it after premain (or attaches late), while the application runs.
   */
  public static void install(Instrumentation instrumentation, List<InstrumentationModule> modules,
      ClassLoader agentLoader) {
    AgentBuilder builder = new AgentBuilder.Default(
            new ByteBuddy().with(TypeValidation.DISABLED)
                // Advice only rewrites the methods a class declares: the full method graph (every
                // inherited method's signature resolved) would be built for nothing.
                .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE))
        // Inlined advice adds no fields or methods, so classes can also be retransformed.
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        // The application keeps loading classes while this runs: a class whose loading began
        // before the transformer was registered, but that was not yet among the loaded classes
        // when they were listed, would be missed for good. The pass repeats until it finds no
        // class it has not seen (the suspected cause of one smoke run on JDK 25 whose RabbitMQ
        // ChannelN stayed uninstrumented).
        .with(AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Reiterating.INSTANCE)
        .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
        .with(new SharedTypeCache())
        // Class file locators hold their loader weakly: cached type descriptions must not keep a
        // dropped class loader (a redeployed webapp) alive.
        .with(AgentBuilder.LocationStrategy.ForClassLoader.WEAK)
        .with(new TransformLog())
        // Advice in named modules (the JDK's HttpServer) calls the bootstrap hooks.
        .assureReadEdgeTo(instrumentation, Hooks.class)
        .ignore(ignored(jdkClasses(modules))).or(any(), is(agentLoader));
    for (InstrumentationModule module : modules) {
      ElementMatcher<ClassLoader> shape = module.shape().matcher(module.name());
      for (List<TypeInstrumentation> sameTypes : bySameTypeMatcher(module)) {
        // One type match per matcher, however many advice it carries: type matching runs for
        // every class loaded, the main cost of start-up.
        AgentBuilder.Identified.Extendable matched = null;
        for (TypeInstrumentation type : sameTypes) {
          AgentBuilder.Transformer advice = new AgentBuilder.Transformer.ForAdvice()
              .include(agentLoader).advice(type.methods(), type.adviceClassName());
          matched = matched == null ? builder.type(type.types(), shape).transform(advice)
              : matched.transform(advice);
        }
        builder = matched;
      }
    }
    builder.installOn(instrumentation);
  }

  /** The module's instrumentations, grouped by their type matcher (the same instance). */
  private static Collection<List<TypeInstrumentation>> bySameTypeMatcher(
      InstrumentationModule module) {
    Map<Object, List<TypeInstrumentation>> groups =
        new IdentityHashMap<Object, List<TypeInstrumentation>>();
    List<List<TypeInstrumentation>> ordered = new ArrayList<List<TypeInstrumentation>>();
    for (TypeInstrumentation type : module.typeInstrumentations()) {
      List<TypeInstrumentation> group = groups.get(type.types());
      if (group == null) {
        group = new ArrayList<TypeInstrumentation>();
        groups.put(type.types(), group);
        ordered.add(group);
      }
      group.add(type);
    }
    return ordered;
  }

  /** The JDK classes the modules instrument; every other JDK class is ignored. */
  private static Set<String> jdkClasses(List<InstrumentationModule> modules) {
    Set<String> names = new HashSet<String>();
    for (InstrumentationModule module : modules) {
      names.addAll(module.jdkClasses());
    }
    return names;
  }

  /** Classes no module instruments: matching them would only cost start-up time. */
  private static ElementMatcher.Junction<TypeDescription> ignored(Set<String> jdkClasses) {
    ElementMatcher.Junction<TypeDescription> instrumentedJdkClass =
        namedOneOf(jdkClasses.toArray(new String[0]));
    // The agent's own classes (by name, not dev.sonde.*: applications may live there too).
    return nameStartsWith("dev.sonde.bootstrap.")
        .or(nameStartsWith("dev.sonde.jul."))
        .or(nameStartsWith("dev.sonde.agent."))
        .or(nameStartsWith("dev.sonde.instrumentation."))
        .or(nameStartsWith("dev.sonde.shaded."))
        // The JDK's own classes are left alone, except those a module names (the DriverManager,
        // the executors' task classes).
        .or(nameStartsWith("java.").and(not(instrumentedJdkClass)))
        .or(nameStartsWith("javax.management."))
        .or(nameStartsWith("jdk.").and(not(instrumentedJdkClass)))
        .or(nameStartsWith("sun.").and(not(instrumentedJdkClass)))
        .or(nameStartsWith("com.sun.").and(not(nameStartsWith("com.sun.net.httpserver."))))
        .or(nameStartsWith("net.bytebuddy."));
    // Nothing here may look past a class's name: asking for its modifiers (isSynthetic, say)
    // would parse every class loaded in full.
  }
}

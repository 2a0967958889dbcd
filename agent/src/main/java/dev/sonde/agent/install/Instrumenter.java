package dev.sonde.agent.install;

import dev.sonde.bootstrap.Hooks;
import dev.sonde.instrumentation.api.InstrumentationModule;
import dev.sonde.instrumentation.api.TypeInstrumentation;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.matcher.ElementMatcher;

/** Installs every enabled module's advice as one class file transformer. */
public final class Instrumenter {

  private Instrumenter() {}

  /**
   * Registers the transformer, then retransforms the matching classes that are already loaded:
   * the agent installs it after premain (or attaches late), while the application runs.
   *
   * @return the transformer registered
   */
  public static ClassFileTransformer install(Instrumentation instrumentation, List<InstrumentationModule> modules,
      ClassLoader agentLoader) {
    List<TypeInstrumentation> advice = new ArrayList<TypeInstrumentation>();
    List<Transformation> transformations = new ArrayList<Transformation>();
    Set<String> jdkClasses = new HashSet<String>();
    for (InstrumentationModule module : modules) {
      ElementMatcher<ClassLoader> shape = module.shape().matcher(module.name());
      for (List<TypeInstrumentation> sameTypes : bySameTypeMatcher(module)) {
        int[] positions = new int[sameTypes.size()];
        for (int i = 0; i < positions.length; i++) {
          positions[i] = advice.size();
          advice.add(sameTypes.get(i));
        }
        transformations.add(new Transformation(shape, sameTypes.get(0).types(), positions));
      }
      jdkClasses.addAll(module.jdkClasses());
    }
    AdviceTransformer transformer = new AdviceTransformer(transformations,
        new AdviceCache(advice, agentLoader), new IgnoredTypes(jdkClasses),
        new ModuleReadEdges(instrumentation, Hooks.class), agentLoader);
    instrumentation.addTransformer(transformer, true);
    LoadedClasses.retransform(instrumentation, transformer);
    return transformer;
  }

  /** The module's instrumentations, grouped by their type matcher (the same instance). */
  private static List<List<TypeInstrumentation>> bySameTypeMatcher(
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
}

package dev.sonde.instrumentation.api.testing;

import dev.sonde.bootstrap.Hooks;
import dev.sonde.instrumentation.api.InstrumentationModule;
import dev.sonde.instrumentation.api.TypeInstrumentation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * Runs a module's advice against the real library, without the agent jar: the library (a test
 * dependency of the module) and the test's own scenario classes are loaded again, child first, in
 * a class loader that applies the module's transformations to every class it defines, as the
 * agent's transformer would in an application's class loader. The advice, inlined there, calls
 * {@link Hooks}, which a test replaces with a recording hook for its duration
 * ({@link RecordingHttpServerHook}, {@link FixedLogCorrelation}, {@link RecordingLogEvents}).
 *
 * <pre>{@code
 * try (AdviceHarness harness = AdviceHarness.of(new LogbackInstrumentation(),
 *         "ch.qos.logback.", "org.slf4j.", LogbackScenario.class.getName())) {
 *   Callable<Object> scenario = harness.create(LogbackScenario.class, Callable.class);
 *   ...
 * }
 * }</pre>
 *
 * <p>Classes of the JDK (a module's {@code jdkClasses()}) cannot be loaded again in another loader:
 * {@link #retransformJdkClasses()} retransforms them in place through the running JVM's
 * {@code Instrumentation}, and undoes it on {@link #close()}. Their advice reaches {@code Hooks}
 * only when the bootstrap classes are on the boot class path
 * ({@code -Xbootclasspath/a:} in the module's surefire configuration), as in the agent.
 *
 * <p>Trade-off: the agent's transformer ({@code agent/.../install/AdviceTransformer}) is not
 * reachable from a module (the agent depends on the modules), so this builds the same
 * transformation from the same pieces: the module's {@code LibraryShape} matcher on the loader,
 * its type matchers on a type pool description read from the class file, then
 * {@code ByteBuddy.decorate} with Byte Buddy's {@code Advice} visiting the declared methods its
 * method matchers take, with the agent's Byte Buddy configuration. What it does not exercise is
 * the agent's plumbing around that (ignored names, the shared type cache, the advice cache,
 * module read edges, retransforming loaded classes): {@code AdviceTransformerTest} and
 * {@code ClassLoadingDeadlockTest} in the agent cover it. One difference on purpose: an exception
 * thrown by advice is printed here, where the agent drops it, so that a failing test shows why.
 */
public final class AdviceHarness implements AutoCloseable {

  /** The agent's configuration: declared methods only, nothing added or redefined. */
  private static final ByteBuddy BYTE_BUDDY = new ByteBuddy()
      .with(TypeValidation.DISABLED)
      .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
      .with(Implementation.Context.Disabled.Factory.INSTANCE);

  private final InstrumentationModule module;
  private final ElementMatcher<ClassLoader> shape;
  private final ChildFirstLoader loader;
  private final ClassLoader adviceLoader;
  private final List<String> transformed = new CopyOnWriteArrayList<String>();
  private Instrumentation instrumentation;
  private ClassFileTransformer jdkTransformer;
  private final List<Class<?>> retransformed = new ArrayList<Class<?>>();

  private AdviceHarness(InstrumentationModule module, String[] childFirst) {
    this.module = module;
    this.shape = module.shape().matcher(module.name());
    this.adviceLoader = module.getClass().getClassLoader();
    this.loader = new ChildFirstLoader(AdviceHarness.class.getClassLoader(), childFirst);
  }

  /**
   * @param childFirst prefixes of the class names loaded again, and transformed, in the harness's
   *     loader: the library's packages (and those of libraries it binds to, such as SLF4J for
   *     Logback) and the test's scenario classes (a class name is a prefix of its nested classes)
   */
  public static AdviceHarness of(InstrumentationModule module, String... childFirst) {
    return new AdviceHarness(module, childFirst);
  }

  /** The class loader standing for the application's: what a scenario runs in. */
  public ClassLoader loader() {
    return loader;
  }

  /** {@code className} loaded (and transformed, when a matcher takes it) in the harness's loader. */
  public Class<?> load(String className) {
    try {
      return Class.forName(className, true, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(className, e);
    }
  }

  /**
   * A new instance of the scenario class, loaded in the harness's loader (its name must be
   * among the child-first prefixes), seen through an interface both loaders share, a JDK one
   * ({@code Callable}, {@code Function}) or any type outside the child-first prefixes.
   */
  public <T> T create(Class<?> scenario, Class<T> as) {
    Class<?> loaded = load(scenario.getName());
    if (loaded.getClassLoader() != loader) {
      throw new IllegalArgumentException(scenario.getName() + " is not among the child-first names");
    }
    try {
      return as.cast(loaded.getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The names of the classes the module's matchers took, in the order they were transformed. */
  public List<String> transformed() {
    return Collections.unmodifiableList(transformed);
  }

  /**
   * Retransforms the module's {@code jdkClasses()} in place with its advice, through the running
   * JVM's {@code Instrumentation} (Byte Buddy's agent attaches to it), adding the read edge from
   * their module to the bootstrap classes' one, as the agent does.
   */
  public AdviceHarness retransformJdkClasses() throws Exception {
    return retransformJdkClasses(module.jdkClasses().toArray(new String[0]));
  }

  /**
   * The same for the named classes of the JDK, which a module need not list in
   * {@code jdkClasses()} when they are outside {@code java.*}, {@code jdk.*} and {@code sun.*}
   * ({@code com.sun.net.httpserver}).
   */
  public AdviceHarness retransformJdkClasses(String... names) throws Exception {
    instrumentation = ByteBuddyAgent.install();
    Module hooks = Hooks.class.getModule();
    List<Class<?>> classes = new ArrayList<Class<?>>();
    for (String name : names) {
      Class<?> jdkClass = Class.forName(name, false, ClassLoader.getSystemClassLoader());
      if (jdkClass.getModule().isNamed() && !jdkClass.getModule().canRead(hooks)) {
        instrumentation.redefineModule(jdkClass.getModule(), Set.of(hooks), Map.of(), Map.of(),
            Set.of(), Map.of());
      }
      classes.add(jdkClass);
    }
    jdkTransformer = new ClassFileTransformer() {
      @Override
      public byte[] transform(ClassLoader classLoader, String internalName, Class<?> redefined,
          ProtectionDomain domain, byte[] classFile) {
        if (redefined == null || !retransformed.contains(redefined)) {
          return null;
        }
        try {
          return AdviceHarness.this.transform(classLoader, redefined.getName(), classFile);
        } catch (Throwable t) {
          t.printStackTrace();
          return null;
        }
      }
    };
    retransformed.addAll(classes);
    instrumentation.addTransformer(jdkTransformer, true);
    instrumentation.retransformClasses(classes.toArray(new Class<?>[0]));
    return this;
  }

  /** Undoes {@link #retransformJdkClasses()}; the hooks are the test's to restore. */
  @Override
  public void close() throws Exception {
    if (jdkTransformer != null) {
      instrumentation.removeTransformer(jdkTransformer);
      instrumentation.retransformClasses(retransformed.toArray(new Class<?>[0]));
      jdkTransformer = null;
    }
  }

  /**
   * The module's transformation of one class, or null when it takes none: what the agent's
   * transformer does for a module (see the class comment for what it leaves out).
   */
  byte[] transform(ClassLoader classLoader, String name, byte[] classFile) {
    if (!shape.matches(classLoader)) {
      return null;
    }
    ClassFileLocator locator = new ClassFileLocator.Compound(
        ClassFileLocator.Simple.of(name, classFile), classLoader == null
            ? ClassFileLocator.ForClassLoader.ofBootLoader()
            : ClassFileLocator.ForClassLoader.of(classLoader));
    TypePool pool = TypePool.Default.WithLazyResolution.of(locator);
    TypeDescription type = pool.describe(name).resolve();
    DynamicType.Builder<?> builder = null;
    for (TypeInstrumentation instrumentation : module.typeInstrumentations()) {
      if (!instrumentation.types().matches(type)) {
        continue;
      }
      if (builder == null) {
        builder = BYTE_BUDDY.decorate(type, locator);
      }
      builder = builder.visit(advice(instrumentation, locator));
    }
    if (builder == null) {
      return null;
    }
    transformed.add(name);
    return builder.make(TypeResolutionStrategy.Disabled.INSTANCE, pool).getBytes();
  }

  /** As the agent's {@code AdviceCache}: the advice described where the library is visible. */
  private AsmVisitorWrapper advice(TypeInstrumentation instrumentation,
      ClassFileLocator library) {
    ClassFileLocator locator = new ClassFileLocator.Compound(
        ClassFileLocator.ForClassLoader.of(adviceLoader), library);
    TypePool pool = TypePool.Default.WithLazyResolution.of(locator);
    Advice advice = Advice.to(pool.describe(instrumentation.adviceClassName()).resolve(), locator)
        .withExceptionHandler(Advice.ExceptionHandler.Default.PRINTING);
    return new AsmVisitorWrapper.ForDeclaredMethods().invokable(instrumentation.methods(), advice);
  }

  static byte[] read(InputStream in) throws IOException {
    try (InputStream stream = in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = stream.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    }
  }

  /**
   * Loads the child-first names itself, from the class files its parent sees, transformed; every
   * other class from its parent. Resources come from the parent.
   */
  private final class ChildFirstLoader extends ClassLoader {

    private final String[] childFirst;

    ChildFirstLoader(ClassLoader parent, String[] childFirst) {
      super(parent);
      this.childFirst = childFirst.clone();
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!isChildFirst(name)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          loaded = define(name);
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }

    private boolean isChildFirst(String name) {
      for (String prefix : childFirst) {
        if (name.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }

    private Class<?> define(String name) throws ClassNotFoundException {
      InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class");
      if (in == null) {
        throw new ClassNotFoundException(name);
      }
      byte[] classFile;
      try {
        classFile = read(in);
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
      byte[] woven;
      try {
        woven = transform(this, name, classFile);
      } catch (RuntimeException | Error e) {
        throw new IllegalStateException("transforming " + name, e);
      }
      byte[] bytes = woven == null ? classFile : woven;
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}

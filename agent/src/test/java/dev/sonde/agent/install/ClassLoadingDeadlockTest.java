package dev.sonde.agent.install;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.instrumentation.api.InstrumentationModule;
import dev.sonde.instrumentation.api.LibraryShape;
import dev.sonde.instrumentation.api.SuperTypes;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.TypeInstrumentation;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.StubMethod;
import org.junit.jupiter.api.Test;

/**
 * Given class loaders that hold a lock of their own while they define a class and while they read
 * a class file (as Spring Boot's nested-jar loader holds its jar's monitor), with threads loading
 * classes through them while the agent installs its transformer and retransforms what is already
 * loaded: no thread ever deadlocks, round after round.
 *
 * <p>The agent's install thread reads class files through every loader that has classes loaded,
 * while application threads defining classes run the transformer under their loader's lock. Any
 * lock of the agent's held across a call into a loader closes the cycle; the rounds give the
 * interleavings many chances ({@code -Dsonde.test.deadlockRounds} for more).
 */
public class ClassLoadingDeadlockTest {

  private static final int ROUNDS = Integer.getInteger("sonde.test.deadlockRounds", 30);
  private static final int LOADERS = 32;
  private static final int LOADING_THREADS = 6;
  private static final int CLASSES_PER_LOADER = 24;
  private static final int PRELOADED_PER_LOADER = 2;
  private static final String PACKAGE = "example.locking.";
  private static final String LIBRARY = PACKAGE + "Library";

  /** Calls of advised methods: classes defined while the agent was in place got the advice. */
  public static final AtomicInteger ADVISED_CALLS = new AtomicInteger();

  /** Inlined into the generated classes' {@code call}. */
  public static class CountingAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter() {
      ADVISED_CALLS.incrementAndGet();
    }
  }

  @Test
  void threadsLoadingThroughLockingLoadersNeverDeadlockWithTheInstall() throws Exception {
    Instrumentation instrumentation = ByteBuddyAgent.install();
    Map<String, byte[]> jar = generatedJar();
    for (int round = 0; round < ROUNDS; round++) {
      runRound(instrumentation, jar, round);
    }
  }

  private static void runRound(Instrumentation instrumentation, Map<String, byte[]> jar,
      int round) throws Exception {
    List<LockingJarLoader> loaders = new ArrayList<>();
    for (int i = 0; i < LOADERS; i++) {
      // A shared library loader beside some, as an application's loader serves a plugin's.
      LockingJarLoader library = i % 3 == 0 ? LockingJarLoader.of(jar, null, true, i % 2 == 0) : null;
      LockingJarLoader loader = LockingJarLoader.of(jar, library, false, i % 2 == 1);
      for (int c = 0; c < PRELOADED_PER_LOADER; c++) {
        loader.loadClass(loader.nextClassName());
      }
      loaders.add(loader);
    }

    ADVISED_CALLS.set(0);
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int t = 0; t < LOADING_THREADS; t++) {
      threads.add(start("loading-" + round + "-" + t, failure, () -> {
        go.await();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stop.get()) {
          LockingJarLoader loader = loaders.get(random.nextInt(loaders.size()));
          String name = loader.nextClassName();
          if (name == null) {
            // All defined: read through the loader, and call a class loaded before the install.
            loader.getResourceAsStream(LIBRARY.replace('.', '/') + ".class").close();
            name = PACKAGE + "Impl0";
          }
          Class<?> loaded = Class.forName(name, true, loader);
          loaded.getMethod("call").invoke(loaded.getConstructor().newInstance());
        }
        return null;
      }));
    }
    AtomicReference<ClassFileTransformer> installed = new AtomicReference<>();
    Thread install = start("install-" + round, failure, () -> {
      go.await();
      installed.set(Instrumenter.install(instrumentation,
          Collections.singletonList(lockingLibraryModule()),
          ClassLoadingDeadlockTest.class.getClassLoader()));
      return null;
    });
    go.countDown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    joinUntil(install, deadline);
    stop.set(true);
    threads.add(install);
    for (Thread thread : threads) {
      joinUntil(thread, deadline);
    }

    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long[] deadlocked = mx.findDeadlockedThreads();
    assertThat(deadlocked).as("round %d: threads deadlocked:%n%s", round,
        deadlocked == null ? "" : dump(mx.getThreadInfo(deadlocked, true, true))).isNull();
    for (Thread thread : threads) {
      assertThat(thread.isAlive()).as("round %d: %s still running after 30 s", round,
          thread.getName()).isFalse();
    }
    assertThat(failure.get()).as("round %d: a thread failed", round).isNull();
    assertThat(installed.get()).isNotNull();
    assertThat(ADVISED_CALLS.get()).as("round %d: calls into advised classes", round)
        .isPositive();
    instrumentation.removeTransformer(installed.get());
    // This round's loaders unloaded, so that the next round retransforms only its own classes.
    loaders.clear();
    System.gc();
  }

  /** A module whose shape and types are the generated library's, as a real module's are. */
  private static InstrumentationModule lockingLibraryModule() {
    return new InstrumentationModule() {
      @Override
      public String name() {
        return "locking-library";
      }

      @Override
      public LibraryShape shape() {
        return LibraryShape.requires(LIBRARY, "call");
      }

      @Override
      public List<TypeInstrumentation> typeInstrumentations() {
        return Collections.singletonList(TypeInstrumentation.of(SuperTypes.implementing(LIBRARY),
            named("call"), CountingAdvice.class));
      }

      @Override
      public void start(Telemetry telemetry) {}
    };
  }

  /** The class files of the "jar": the library interface and classes implementing it. */
  private static Map<String, byte[]> generatedJar() {
    Map<String, byte[]> jar = new HashMap<>();
    DynamicType.Unloaded<?> library = new ByteBuddy().makeInterface().name(LIBRARY)
        .defineMethod("call", void.class, Modifier.PUBLIC | Modifier.ABSTRACT).withoutCode()
        .make();
    jar.put(LIBRARY, library.getBytes());
    TypeDescription libraryType = library.getTypeDescription();
    for (int i = 0; i < CLASSES_PER_LOADER; i++) {
      String name = PACKAGE + "Impl" + i;
      jar.put(name, new ByteBuddy().subclass(Object.class).name(name).implement(libraryType)
          .defineMethod("call", void.class, Modifier.PUBLIC).intercept(StubMethod.INSTANCE)
          .make().getBytes());
    }
    return jar;
  }

  private interface Body {
    Object run() throws Exception;
  }

  private static Thread start(String name, AtomicReference<Throwable> failure, Body body) {
    Thread thread = new Thread(() -> {
      try {
        body.run();
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      }
    }, name);
    thread.setDaemon(true); // a deadlocked round must not keep the test JVM from exiting
    thread.start();
    return thread;
  }

  private static void joinUntil(Thread thread, long deadlineNanos) throws InterruptedException {
    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
  }

  private static String dump(ThreadInfo[] threads) {
    StringBuilder out = new StringBuilder();
    for (ThreadInfo info : threads) {
      out.append(info.getThreadName()).append(" waiting for ").append(info.getLockName())
          .append(" held by ").append(info.getLockOwnerName()).append('\n');
      for (StackTraceElement frame : info.getStackTrace()) {
        out.append("    at ").append(frame).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * A loader over an in-memory jar that, like a nested-jar loader, holds the jar's monitor while
   * it reads an entry and while it defines a class from one. The jar's classes come from a
   * library loader first, when there is one, as a shared library's would. Parallel capable or
   * not: the JDK then locks per class name or the whole loader around loading.
   */
  private abstract static class LockingJarLoader extends ClassLoader {
    static {
      registerAsParallelCapable(); // so that Parallel can be; Serial is not
    }

    private final Map<String, byte[]> jar;
    private final LockingJarLoader library;
    private final Object jarLock = new Object();
    private final AtomicInteger nextClass = new AtomicInteger();

    static LockingJarLoader of(Map<String, byte[]> jar, LockingJarLoader library,
        boolean libraryOnly, boolean parallelCapable) {
      Map<String, byte[]> entries =
          libraryOnly ? Collections.singletonMap(LIBRARY, jar.get(LIBRARY)) : jar;
      return parallelCapable ? new Parallel(entries, library) : new Serial(entries, library);
    }

    LockingJarLoader(Map<String, byte[]> jar, LockingJarLoader library) {
      // The test's loader above all, so that the advice's counter is in sight.
      super(ClassLoadingDeadlockTest.class.getClassLoader());
      this.jar = jar;
      this.library = library;
    }

    /** The next class of the jar not yet asked for, or null when all were. */
    String nextClassName() {
      int next = nextClass.getAndIncrement();
      return next < CLASSES_PER_LOADER ? PACKAGE + "Impl" + next : null;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith(PACKAGE)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null && library != null && library.jar.containsKey(name)) {
          loaded = library.loadClass(name);
        }
        return loaded != null ? loaded : findClass(name);
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      synchronized (jarLock) {
        byte[] bytes = read(name.replace('.', '/') + ".class");
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        // Defined under the jar's lock: the transformer runs in here, holding it.
        return defineClass(name, bytes, 0, bytes.length);
      }
    }

    @Override
    public InputStream getResourceAsStream(String name) {
      if (!name.startsWith(PACKAGE.replace('.', '/'))) {
        return super.getResourceAsStream(name);
      }
      InputStream fromLibrary = library == null ? null : library.getResourceAsStream(name);
      if (fromLibrary != null) {
        return fromLibrary;
      }
      synchronized (jarLock) {
        byte[] bytes = read(name);
        return bytes == null ? null : new ByteArrayInputStream(bytes);
      }
    }

    /** An entry of the jar, read slowly enough (as inflating one is) to widen every window. */
    private byte[] read(String resource) {
      if (!resource.endsWith(".class")) {
        return null;
      }
      LockSupport.parkNanos(20_000);
      return jar.get(resource.substring(0, resource.length() - 6).replace('/', '.'));
    }

    private static final class Serial extends LockingJarLoader {
      Serial(Map<String, byte[]> jar, LockingJarLoader library) {
        super(jar, library);
      }
    }

    private static final class Parallel extends LockingJarLoader {
      static {
        registerAsParallelCapable();
      }

      Parallel(Map<String, byte[]> jar, LockingJarLoader library) {
        super(jar, library);
      }
    }
  }
}

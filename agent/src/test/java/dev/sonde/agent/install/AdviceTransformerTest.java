package dev.sonde.agent.install;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.bootstrap.Hooks;
import dev.sonde.instrumentation.api.TypeInstrumentation;
import example.app.Greeter;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.asm.Advice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public class AdviceTransformerTest {

  /** What the advice records: the calls it saw. Public and static, as inlined code needs. */
  public static final AtomicInteger CALLS = new AtomicInteger();

  public static class CountingAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter() {
      CALLS.incrementAndGet();
    }
  }

  /** As every module's advice: what it throws is suppressed. */
  public static class FailingAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit() {
      throw new IllegalStateException("the advice's own fault");
    }
  }

  @BeforeEach
  void reset() {
    CALLS.set(0);
  }

  @Test
  void inlinesTheAdviceIntoTheMatchedMethodsOfAMatchedClass() throws Exception {
    AdviceTransformer transformer = transformer(Greeter.class.getName(), CountingAdvice.class);

    Object greeter = define(Greeter.class, transform(transformer, Greeter.class));

    assertThat(call(greeter, "greet", "Ada")).isEqualTo("hello Ada");
    assertThat(CALLS.get()).isEqualTo(1);
    assertThat(call(greeter, "wave")).isEqualTo("wave");
    assertThat(CALLS.get()).as("wave is not among the advised methods").isEqualTo(1);
  }

  @Test
  void leavesAClassNoMatcherTakesUnchanged() throws Exception {
    AdviceTransformer transformer = transformer("some.other.Type", CountingAdvice.class);

    assertThat(transform(transformer, Greeter.class)).isNull();
  }

  @Test
  void leavesTheJdkAndTheAgentsOwnClassesAloneByName() throws Exception {
    AdviceTransformer transformer = transformer(String.class.getName(), CountingAdvice.class);

    assertThat(transformer.transform(null, "java/lang/String", null, null, classFile(String.class)))
        .isNull();
    assertThat(transformer.transforms(String.class)).isFalse();
    assertThat(transformer.transforms(Hooks.class)).isFalse();
  }

  @Test
  void anExceptionInTheAdviceDoesNotReachTheApplication() throws Exception {
    AdviceTransformer transformer = transformer(Greeter.class.getName(), FailingAdvice.class);

    Object greeter = define(Greeter.class, transform(transformer, Greeter.class));

    assertThat(call(greeter, "greet", "Ada")).isEqualTo("hello Ada");
  }

  @Test
  void aClassFileItCannotReadIsLeftUnchanged() {
    AdviceTransformer transformer = transformer(Greeter.class.getName(), CountingAdvice.class);

    byte[] broken = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0};
    assertThat(transformer.transform(new ClassLoader(null) { }, internalName(Greeter.class), null,
        null, broken)).isNull();
  }

  @Test
  void findsTheLoadedClassesToRetransformByTheSameMatchers() {
    assertThat(transformer(Greeter.class.getName(), CountingAdvice.class)
        .transforms(Greeter.class)).isTrue();
    assertThat(transformer("some.other.Type", CountingAdvice.class).transforms(Greeter.class))
        .isFalse();
  }

  private static AdviceTransformer transformer(String typeName, Class<?> adviceClass) {
    TypeInstrumentation greet = TypeInstrumentation.of(named(typeName), named("greet"),
        adviceClass);
    List<TypeInstrumentation> advice = Collections.singletonList(greet);
    List<Transformation> transformations =
        Arrays.asList(new Transformation(none(), any(), new int[] {0}),
            new Transformation(any(), greet.types(), new int[] {0}));
    // The agent's loader stands apart from the loader of the instrumented classes.
    ClassLoader agentLoader = AdviceTransformerTest.class.getClassLoader();
    return new AdviceTransformer(transformations, new AdviceCache(advice, agentLoader),
        new IgnoredTypes(Collections.<String>emptySet()), new ModuleReadEdges(null, Hooks.class),
        new ClassLoader(null) { });
  }

  private static byte[] transform(AdviceTransformer transformer, Class<?> type) throws Exception {
    return transformer.transform(AdviceTransformerTest.class.getClassLoader(),
        internalName(type), null, null, classFile(type));
  }

  private static String internalName(Class<?> type) {
    return type.getName().replace('.', '/');
  }

  private static byte[] classFile(Class<?> type) throws Exception {
    InputStream in = ClassLoader.getSystemResourceAsStream(internalName(type) + ".class");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    for (int n; (n = in.read(buffer)) > 0; ) {
      out.write(buffer, 0, n);
    }
    in.close();
    return out.toByteArray();
  }

  /** The class defined anew from {@code classFile} in a child loader, and an instance of it. */
  private static Object define(final Class<?> type, final byte[] classFile) throws Exception {
    assertThat(classFile).isNotNull();
    ClassLoader child = new ClassLoader(AdviceTransformerTest.class.getClassLoader()) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.equals(type.getName())) {
          synchronized (getClassLoadingLock(name)) {
            Class<?> defined = findLoadedClass(name);
            return defined != null ? defined
                : defineClass(name, classFile, 0, classFile.length);
          }
        }
        return super.loadClass(name, resolve);
      }
    };
    return child.loadClass(type.getName()).getConstructor().newInstance();
  }

  private static Object call(Object target, String method, Object... args) throws Exception {
    for (Method each : target.getClass().getMethods()) {
      if (each.getName().equals(method) && each.getParameterCount() == args.length) {
        return each.invoke(target, args);
      }
    }
    throw new AssertionError("no method " + method);
  }
}

package dev.sonde.instrumentation.api;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperClass;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

class SuperTypesTest {

  /** An interface reached only through another interface of a super class. */
  interface Resource extends Closeable {}

  abstract static class BaseResource implements Resource {}

  static final class FileResource extends BaseResource implements Serializable {
    @Override
    public void close() {}
  }

  static class Worker extends Thread {}

  static final class NightWorker extends Worker {}

  static final class Pool extends ScheduledThreadPoolExecutor {
    Pool() {
      super(1);
    }
  }

  private static final List<Class<?>> TYPES = Arrays.asList(FileResource.class,
      BaseResource.class, Resource.class, Closeable.class, AutoCloseable.class, Worker.class,
      NightWorker.class, Thread.class, Object.class, Pool.class, ThreadPoolExecutor.class,
      ScheduledThreadPoolExecutor.class, ArrayList.class, Callable.class, String.class);

  private final TypePool pool = lazyPool();

  /** Classes described the way the agent describes them: from class files, header first. */
  private static TypePool lazyPool() {
    return new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(),
        ClassFileLocator.ForClassLoader.ofSystemLoader(), TypePool.Default.ReaderMode.FAST,
        TypePool.Default.WithLazyResolution.LazinessMode.EXTENDED);
  }

  @Test
  void implementingMatchesTheClassesByteBuddysHasSuperTypeMatches() {
    assertSameMatches(SuperTypes.implementing(AutoCloseable.class.getName()),
        not(isInterface()).and(hasSuperType(named(AutoCloseable.class.getName()))));
    assertSameMatches(SuperTypes.implementing(Serializable.class.getName()),
        not(isInterface()).and(hasSuperType(named(Serializable.class.getName()))));
    assertThat(matching(SuperTypes.implementing(AutoCloseable.class.getName())))
        .containsExactly(FileResource.class, BaseResource.class);
  }

  @Test
  void extendingMatchesTheClassesByteBuddysHasSuperClassMatches() {
    assertSameMatches(SuperTypes.extending(Thread.class.getName()),
        hasSuperClass(named(Thread.class.getName())));
    assertThat(matching(SuperTypes.extending(Thread.class.getName())))
        .containsExactly(Worker.class, NightWorker.class, Thread.class);
  }

  @Test
  void exceptLeavesOutTheNamedClassOnly() {
    assertThat(matching(SuperTypes.extending(ThreadPoolExecutor.class.getName())
        .except(ThreadPoolExecutor.class.getName())))
        .containsExactly(Pool.class, ScheduledThreadPoolExecutor.class);
  }

  @Test
  void matchingReadsNoClassFileInFull() throws Exception {
    assertThat(parsedInFullAfterMatching(SuperTypes.implementing(AutoCloseable.class.getName())))
        .isEmpty();
    assertThat(parsedInFullAfterMatching(SuperTypes.extending(Thread.class.getName()))).isEmpty();
    // Byte Buddy's own matcher, for contrast, parses every class it walks: the check can fail.
    assertThat(parsedInFullAfterMatching(
        not(isInterface()).and(hasSuperType(named(AutoCloseable.class.getName())))))
        .contains(FileResource.class, BaseResource.class, Thread.class, String.class);
  }

  private void assertSameMatches(ElementMatcher<TypeDescription> ours,
      ElementMatcher<TypeDescription> byteBuddys) {
    for (Class<?> type : TYPES) {
      boolean expected = byteBuddys.matches(TypeDescription.ForLoadedType.of(type));
      assertThat(ours.matches(pool.describe(type.getName()).resolve()))
          .as("%s on %s, described from its class file", ours, type.getName())
          .isEqualTo(expected);
      assertThat(ours.matches(TypeDescription.ForLoadedType.of(type)))
          .as("%s on %s, described from the loaded class", ours, type.getName())
          .isEqualTo(expected);
    }
  }

  /** The types a fresh pool had to parse in full to run {@code matcher} over all of them. */
  private static List<Class<?>> parsedInFullAfterMatching(ElementMatcher<TypeDescription> matcher)
      throws Exception {
    TypePool fresh = lazyPool();
    for (Class<?> type : TYPES) {
      matcher.matches(fresh.describe(type.getName()).resolve());
    }
    List<Class<?>> parsed = new ArrayList<Class<?>>();
    for (Class<?> type : TYPES) {
      if (parsedInFull(fresh.describe(type.getName()).resolve())) {
        parsed.add(type);
      }
    }
    return parsed;
  }

  private List<Class<?>> matching(ElementMatcher<TypeDescription> matcher) {
    List<Class<?>> matched = new ArrayList<Class<?>>();
    for (Class<?> type : TYPES) {
      if (matcher.matches(pool.describe(type.getName()).resolve())) {
        matched.add(type);
      }
    }
    return matched;
  }

  /**
   * Whether Byte Buddy parsed the class in full: its extended lazy description swaps the header's
   * reader for the parsed description when something asks for more than the header.
   */
  private static boolean parsedInFull(TypeDescription lazy) throws Exception {
    Field delegate = lazy.getClass().getDeclaredField("delegate");
    delegate.setAccessible(true);
    return delegate.get(lazy).getClass().getSimpleName().equals("ResolvedDelegate");
  }
}

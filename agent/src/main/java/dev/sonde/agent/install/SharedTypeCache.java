package dev.sonde.agent.install;

import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

/**
 * Type descriptions shared across class loads, per class loader. Matching a class by its super
 * types ({@link dev.sonde.instrumentation.api.SuperTypes}) reads the headers of its whole
 * hierarchy's class files; Byte Buddy's default pool forgets them after each class, so every class
 * would re-read {@code Object}, the JDBC and Servlet interfaces and the framework's base classes.
 * Bounded and weak: a loader the application drops is forgotten, and a cache that fills up is
 * emptied and starts again.
 */
final class SharedTypeCache {

  /** Descriptions kept per class loader. */
  private static final int MAX_TYPES_PER_LOADER = 8192;
  private static final int MAX_LOADERS = 1024;

  private final PerClassLoader<TypePool.CacheProvider> byLoader =
      new PerClassLoader<TypePool.CacheProvider>(MAX_LOADERS, new Bounded()) {
        @Override
        TypePool.CacheProvider create() {
          return new Bounded();
        }
      };

  /**
   * A pool reading through {@code locator} and sharing what it describes with every other pool of
   * {@code classLoader}. EXTENDED laziness: a class is described from its header (flags, super
   * class, interfaces) until something asks for more. The type matchers ask for no more
   * ({@link dev.sonde.instrumentation.api.SuperTypes}), so only the classes that match are parsed
   * in full.
   */
  TypePool pool(ClassLoader classLoader, ClassFileLocator locator) {
    return pool(byLoader.of(classLoader), locator);
  }

  /**
   * A pool for the class being defined or retransformed, {@code typeName}: that class is
   * described from the class file in hand, never from the shared cache (where an earlier
   * description may have come from the loader's resources), and is not kept there either (its
   * description would keep the whole class file alive). Its super types are shared as usual.
   */
  TypePool poolDefining(String typeName, ClassLoader classLoader, ClassFileLocator locator) {
    return pool(new TypePool.CacheProvider.Discriminating(ElementMatchers.is(typeName),
        new TypePool.CacheProvider.Simple(), byLoader.of(classLoader)), locator);
  }

  private static TypePool pool(TypePool.CacheProvider cache, ClassFileLocator locator) {
    return new TypePool.LazyFacade(new TypePool.Default.WithLazyResolution(cache, locator,
        TypePool.Default.ReaderMode.FAST,
        TypePool.Default.WithLazyResolution.LazinessMode.EXTENDED));
  }

  /** A class loader's class files, held weakly: a cached description must not keep its loader. */
  static ClassFileLocator locator(ClassLoader classLoader) {
    return ClassFileLocator.ForClassLoader.WeaklyReferenced.of(classLoader);
  }

  /** A cache that empties itself when full, rather than growing or evicting one by one. */
  private static final class Bounded implements TypePool.CacheProvider {
    private final ConcurrentHashMap<String, TypePool.Resolution> types =
        new ConcurrentHashMap<String, TypePool.Resolution>();

    @Override
    public TypePool.Resolution find(String name) {
      return types.get(name);
    }

    @Override
    public TypePool.Resolution register(String name, TypePool.Resolution resolution) {
      if (types.size() >= MAX_TYPES_PER_LOADER) {
        types.clear();
      }
      TypePool.Resolution previous = types.putIfAbsent(name, resolution);
      return previous != null ? previous : resolution;
    }

    @Override
    public void clear() {
      types.clear();
    }
  }
}

package dev.sonde.agent.install;

import dev.sonde.instrumentation.api.cache.WeakKeyMap;

/**
 * A value per class loader, the boot loader's (null) included. Weak: a loader the application
 * drops is forgotten with its value. Bounded: past {@code maxLoaders}, a loader gets a fresh value
 * each time, which nothing keeps. No lock: two threads seeing a loader first may both create a
 * value, and one of them is kept.
 */
abstract class PerClassLoader<V> {

  private final WeakKeyMap<ClassLoader, V> byLoader;
  private final V bootLoader;

  PerClassLoader(int maxLoaders, V bootLoader) {
    this.byLoader = new WeakKeyMap<ClassLoader, V>(maxLoaders);
    this.bootLoader = bootLoader;
  }

  /** A new value, for a loader seen for the first time (or past the bound). */
  abstract V create();

  final V of(ClassLoader loader) {
    if (loader == null) {
      return bootLoader;
    }
    V value = byLoader.get(loader);
    if (value == null) {
      V fresh = create();
      value = byLoader.putIfAbsent(loader, fresh);
      if (value == null) {
        value = fresh;
      }
    }
    return value;
  }
}

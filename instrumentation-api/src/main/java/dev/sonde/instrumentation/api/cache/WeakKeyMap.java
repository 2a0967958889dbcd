package dev.sonde.instrumentation.api.cache;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * State the agent attaches to an application's objects (a statement's SQL, a connection's
 * database) without keeping them alive and without touching their classes: keys are held weakly
 * and compared by identity (a driver's {@code equals} must never run, and may be overridden).
 *
 * <p>Bounded: once {@code maxEntries} live keys are held, {@link #put} stores nothing and says
 * so; the caller records less detail instead of growing. Entries of collected keys are purged on
 * every {@code put}, so a steady application stays well below the bound.
 *
 * <p>Reads take no lock; the lookup key is a small object the JIT can usually scalarize.
 */
public final class WeakKeyMap<K, V> {

  private final ConcurrentHashMap<Object, V> map = new ConcurrentHashMap<Object, V>();
  private final ReferenceQueue<K> collected = new ReferenceQueue<K>();
  private final int maxEntries;

  public WeakKeyMap(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /** The value attached to {@code key}, or null. */
  public V get(K key) {
    return key == null ? null : map.get(new Lookup(key));
  }

  /** Attaches {@code value} to {@code key}; false when the map is full and nothing was stored. */
  public boolean put(K key, V value) {
    if (key == null) {
      return false;
    }
    purge();
    if (map.size() >= maxEntries) {
      return false;
    }
    map.put(new WeakKey<K>(key, collected), value);
    return true;
  }

  /**
   * Attaches {@code value} unless {@code key} already has one, atomically: two threads seeing the
   * same object first both get the one value attached.
   *
   * @return the value now attached, or null when the map is full and nothing was stored
   */
  public V putIfAbsent(K key, V value) {
    if (key == null) {
      return null;
    }
    V existing = get(key);
    if (existing != null) {
      return existing;
    }
    purge();
    if (map.size() >= maxEntries) {
      return null;
    }
    existing = map.putIfAbsent(new WeakKey<K>(key, collected), value);
    return existing != null ? existing : value;
  }

  /** Detaches and returns the value attached to {@code key}, or null. */
  public V remove(K key) {
    return key == null ? null : map.remove(new Lookup(key));
  }

  /** Live entries (collected keys not yet purged count too). */
  public int size() {
    return map.size();
  }

  private void purge() {
    Reference<? extends K> ref;
    while ((ref = collected.poll()) != null) {
      map.remove(ref);
    }
  }

  /** Stored key: weak, with the identity hash of its referent kept after it is collected. */
  private static final class WeakKey<K> extends WeakReference<K> {
    private final int hash;

    WeakKey(K referent, ReferenceQueue<K> queue) {
      super(referent, queue);
      this.hash = System.identityHashCode(referent);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      if (other == this) {
        return true;
      }
      if (other instanceof Lookup) {
        return ((Lookup) other).referent == get();
      }
      // A collected key equals only itself (above): purge() removes it by that identity.
      Object referent = get();
      return referent != null && other instanceof WeakKey && ((WeakKey<?>) other).get() == referent;
    }
  }

  /** Probe key for reads: strong and short-lived. */
  private static final class Lookup {
    final Object referent;
    private final int hash;

    Lookup(Object referent) {
      this.referent = referent;
      this.hash = System.identityHashCode(referent);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof WeakKey && ((WeakKey<?>) other).get() == referent;
    }
  }
}

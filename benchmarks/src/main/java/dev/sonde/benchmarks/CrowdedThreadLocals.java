package dev.sonde.benchmarks;

import java.lang.reflect.Field;

/**
 * Fills the calling thread's thread-local map so that a thread local set on it afterwards is
 * looked up the slow way, as simpleclient's stripe lookup is on a Tomcat thread (a JFR profile at
 * 20k requests/s: 0.53 of the 1.32 us of HttpServerMetrics.finished in
 * {@code ThreadLocalMap.getEntryAfterMiss}).
 *
 * <p>A thread's {@code ThreadLocalMap} is an open-addressing table: an entry goes to the slot its
 * thread local's hash picks or, when that is taken, to the next free one after it, and every
 * {@code get} then misses the first slot and probes on, entry by entry. Merely setting many thread
 * locals would show that or not by chance (their hashes are spread evenly, and whether the
 * victim's slot is taken depends on the counter they are drawn from). Here the thread locals take
 * the victim's slot and the ones after it: its entry lands behind all of them, and each lookup
 * probes them all. That is the worst layout so many can make; it is there to make the probing
 * visible in a benchmark whose map stays in the L1 cache, where a probe costs a nanosecond or
 * two, while on a server's thread, its map mostly out of cache, each of a few probes costs a
 * cache miss.
 *
 * <p>The hashes are private to {@code ThreadLocal}: reading them needs
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}; without it (JMH in process, {@code -f 0})
 * the thread locals are set all the same and where they land is left to chance.
 */
final class CrowdedThreadLocals {

  /** Hash bits compared: slots line up in any table of up to 1024 entries. */
  private static final int SLOT_MASK = 1023;

  private CrowdedThreadLocals() {}

  /**
   * Sets {@code count} (at most 1024) new thread locals on the calling thread, in {@code victim}'s
   * slot and the ones after it; {@code victim} must not be set on this thread yet.
   *
   * @return the thread locals, to be held for as long as they must stay live
   */
  static ThreadLocal<?>[] crowd(int count, ThreadLocal<?> victim) {
    if (count < 0 || count > SLOT_MASK + 1) {
      throw new IllegalArgumentException("count " + count);
    }
    ThreadLocal<?>[] locals = new ThreadLocal<?>[count];
    Field hash = count == 0 ? null : hashField();
    if (hash == null) {
      for (int i = 0; i < count; i++) {
        locals[i] = new ThreadLocal<Object>();
      }
    } else {
      int home = hashOf(hash, victim);
      // Successive thread locals' hashes step by an odd constant: 1024 of them in a row have
      // every value of the low ten bits. Other threads drawing some meanwhile only take longer.
      int found = 0;
      while (found < count) {
        ThreadLocal<Object> local = new ThreadLocal<Object>();
        int offset = (hashOf(hash, local) - home) & SLOT_MASK;
        if (offset < count && locals[offset] == null) {
          locals[offset] = local;
          found++;
        }
      }
    }
    // In slot order, each to its own slot.
    for (ThreadLocal<?> local : locals) {
      @SuppressWarnings("unchecked")
      ThreadLocal<Object> settable = (ThreadLocal<Object>) local;
      settable.set(Boolean.TRUE);
    }
    return locals;
  }

  private static Field hashField() {
    try {
      Field field = ThreadLocal.class.getDeclaredField("threadLocalHashCode");
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException | RuntimeException e) {
      System.err.println(
          "CrowdedThreadLocals: " + e + "; where the thread locals land is left to chance");
      return null;
    }
  }

  private static int hashOf(Field hash, ThreadLocal<?> local) {
    try {
      return hash.getInt(local);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.sonde.instrumentation.api.trace;

/**
 * Boxed values of the numeric span attributes that repeat from span to span (status codes,
 * ports, small sizes): {@code Span.setAttribute(key, int)} boxes a new {@code Long} above 127 on
 * every call. A direct-mapped cache of 1024 slots: a value found in its slot is reused, another
 * replaces it. Threads race on a slot harmlessly: a {@code Long} is immutable (its value is
 * final), so whichever box a reader sees is a whole one.
 */
public final class BoxedLongs {

  private static final int SLOTS = 1024;
  private static final Long[] CACHE = new Long[SLOTS];

  private BoxedLongs() {}

  public static Long of(long value) {
    // Status codes (100-599) and the usual ports (80, 443, 5432, 6379, 8080...) land apart.
    int slot = (int) (value ^ (value >>> 10)) & (SLOTS - 1);
    Long cached = CACHE[slot];
    if (cached != null && cached.longValue() == value) {
      return cached;
    }
    Long boxed = Long.valueOf(value);
    CACHE[slot] = boxed;
    return boxed;
  }
}

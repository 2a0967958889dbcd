package dev.sonde.agent.trace;

/**
 * Span timestamps: wall-clock nanoseconds since the epoch, read as an anchor (the wall clock and
 * {@link System#nanoTime()} taken together) plus the {@code nanoTime} elapsed since. Reading the
 * wall clock at micro precision for every span costs more than the rest of a timestamp, and
 * durations taken from {@code nanoTime} never run backwards. The anchor is renewed every second
 * so that the spans follow the wall clock when NTP corrects it.
 */
final class EpochClock {

  private static final long RENEW_AFTER_NANOS = 1_000_000_000L;

  private volatile Anchor anchor = Anchor.now();

  /** Now, in nanoseconds since the epoch, for a span that starts at {@code nanoTime}. */
  long epochNanos(long nanoTime) {
    Anchor current = anchor;
    long elapsed = nanoTime - current.nanoTime;
    if (elapsed > RENEW_AFTER_NANOS || elapsed < 0) {
      current = Anchor.now();
      anchor = current;
      elapsed = nanoTime - current.nanoTime;
    }
    return current.epochNanos + elapsed;
  }

  private static final class Anchor {
    final long epochNanos;
    final long nanoTime;

    private Anchor(long epochNanos, long nanoTime) {
      this.epochNanos = epochNanos;
      this.nanoTime = nanoTime;
    }

    static Anchor now() {
      // Java 8's clock has millisecond precision; later ones microseconds or better.
      java.time.Instant instant = java.time.Clock.systemUTC().instant();
      return new Anchor(instant.getEpochSecond() * 1_000_000_000L + instant.getNano(),
          System.nanoTime());
    }
  }
}

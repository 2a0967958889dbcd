package dev.sonde.agent.trace;

/**
 * Span timestamps: wall-clock nanoseconds since the epoch, read as an anchor (the wall clock and
 * {@link System#nanoTime()} taken together) plus the {@code nanoTime} elapsed since. Reading the
 * wall clock at micro precision for every span costs more than the rest of a timestamp, and
 * durations taken from {@code nanoTime} never run backwards. Every second the wall clock is read
 * again, and the anchor moves only when the two disagree by more than {@link #TOLERANCE_NANOS}
 * (NTP stepped the clock): re-anchoring on every reading would shift spans by the wall clock's
 * granularity (a millisecond on Java 8), enough to put a child outside its parent.
 */
final class EpochClock {

  private static final long RECHECK_AFTER_NANOS = 1_000_000_000L;
  static final long TOLERANCE_NANOS = 2_000_000L;

  private volatile Anchor anchor = Anchor.now();

  /** Now, in nanoseconds since the epoch, for a span that starts at {@code nanoTime}. */
  long epochNanos(long nanoTime) {
    Anchor current = anchor;
    if (nanoTime - current.checkedAt > RECHECK_AFTER_NANOS) {
      current = current.recheck();
      anchor = current;
    }
    return current.epochNanos + (nanoTime - current.nanoTime);
  }

  private static final class Anchor {
    final long epochNanos;
    final long nanoTime;
    /** When the wall clock was last compared with this anchor. */
    final long checkedAt;

    private Anchor(long epochNanos, long nanoTime, long checkedAt) {
      this.epochNanos = epochNanos;
      this.nanoTime = nanoTime;
      this.checkedAt = checkedAt;
    }

    static Anchor now() {
      long nanoTime = System.nanoTime();
      return new Anchor(wallClockNanos(), nanoTime, nanoTime);
    }

    /** This anchor, checked now; a new one if the wall clock has moved away from it. */
    Anchor recheck() {
      long nanoTime = System.nanoTime();
      long wall = wallClockNanos();
      long predicted = epochNanos + (nanoTime - this.nanoTime);
      if (Math.abs(wall - predicted) > TOLERANCE_NANOS) {
        return new Anchor(wall, nanoTime, nanoTime);
      }
      return new Anchor(epochNanos, this.nanoTime, nanoTime);
    }

    private static long wallClockNanos() {
      // Java 8's clock has millisecond precision; later ones microseconds or better.
      java.time.Instant instant = java.time.Clock.systemUTC().instant();
      return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
  }
}

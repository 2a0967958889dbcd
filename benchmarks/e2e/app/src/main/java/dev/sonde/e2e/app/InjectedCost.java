package dev.sonde.e2e.app;

/**
 * A known CPU cost per request, for showing that the interleaved harness detects a cost of that
 * size: {@code -Dapp.cost.micros=N} makes every servlet spin N µs of wall-clock time on its
 * request thread before answering (0, the default, costs one field read). A property of this
 * benchmark app only, never of the agent.
 */
final class InjectedCost {

  private static final long NANOS = Long.getLong("app.cost.micros", 0) * 1000;

  /** Written so the JIT cannot drop the loop. */
  private static volatile long sink;

  private InjectedCost() {}

  static void burn() {
    if (NANOS <= 0) {
      return;
    }
    long end = System.nanoTime() + NANOS;
    long spins = 0;
    while (System.nanoTime() < end) {
      spins++;
    }
    sink = spins;
  }
}

package dev.sonde.instrumentation.api.diagnostics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WARN that repeats at most once per interval, for conditions that persist (an unreachable
 * collector): the first occurrence is logged, later ones are counted and summed into the next line.
 */
public final class RateLimitedLog {

  private final long intervalNanos;
  private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  public RateLimitedLog(long interval, TimeUnit unit) {
    this.intervalNanos = unit.toNanos(interval);
  }

  public void warn(String message) {
    long now = System.nanoTime();
    long allowed = nextAllowed.get();
    if ((allowed != Long.MIN_VALUE && now - allowed < 0)
        || !nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
      suppressed.incrementAndGet();
      return;
    }
    long skipped = suppressed.getAndSet(0);
    AgentLog.warn(skipped == 0 ? message
        : message + " (" + skipped + " similar since the last report)");
  }
}

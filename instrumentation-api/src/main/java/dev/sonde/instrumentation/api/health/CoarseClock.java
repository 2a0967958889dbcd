package dev.sonde.instrumentation.api.health;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code System.nanoTime()} as of the last tick, at most {@value #TICK_MILLIS} ms old: for a
 * recording that only needs to know which period of a {@link DependencyWindow} it falls in and
 * has no clock reading of its own (a RabbitMQ publish outside any span is a dozen nanoseconds of
 * work; {@code System.nanoTime()} alone would double it). A volatile read.
 *
 * <p>The agent starts the tick ({@link #start}) when the health checks are on; until then the
 * time stands still at class initialisation.
 */
public final class CoarseClock {

  static final long TICK_MILLIS = 200;

  private static volatile long nanos = System.nanoTime();
  private static Thread ticker;

  private CoarseClock() {}

  public static long nanoTime() {
    return nanos;
  }

  /** Starts the daemon thread that ticks; once. */
  public static synchronized void start() {
    if (ticker != null) {
      return;
    }
    ticker = new Thread(new Runnable() {
      @Override
      public void run() {
        long tick = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
        while (true) {
          nanos = System.nanoTime();
          LockSupport.parkNanos(tick);
        }
      }
    }, "sonde-clock");
    ticker.setDaemon(true);
    ticker.start();
  }
}

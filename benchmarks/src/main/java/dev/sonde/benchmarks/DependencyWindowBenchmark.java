package dev.sonde.benchmarks;

import dev.sonde.instrumentation.api.health.Dependencies;
import dev.sonde.instrumentation.api.health.DependencyWindow;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a recorder adds to each call for the health checks: one call recorded into its endpoint's
 * {@link DependencyWindow}, with the clock reading the recorder already took for its metrics (so
 * none here: the time stands still, and the once-per-period reset of a slot is not measured). Two
 * threads record into the same window at once, as an application's request threads do into its
 * one database's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@Threads(2)
public class DependencyWindowBenchmark {

  private DependencyWindow window;
  // Fields, not constants: the JIT must not fold the bucket away.
  private long durationNanos = 1_800_000;
  private long nowNanos;

  @Setup
  public void setUp() {
    window = new Dependencies(true, 60_000).endpoint(Dependencies.DATABASE,
        "postgresql://db:5432/shop");
    nowNanos = System.nanoTime();
  }

  @Benchmark
  public void record() {
    window.record(nowNanos, durationNanos, false);
  }
}

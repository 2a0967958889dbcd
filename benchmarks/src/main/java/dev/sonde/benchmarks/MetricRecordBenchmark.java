package dev.sonde.benchmarks;

import dev.sonde.instrumentation.api.metrics.BoundedSeries;
import dev.sonde.instrumentation.api.metrics.DurationHistogram;
import dev.sonde.instrumentation.api.metrics.Metrics;
import dev.sonde.instrumentation.api.metrics.StripedCounter;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;
import io.prometheus.client.exemplars.ExemplarConfig;
import java.lang.reflect.Field;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Recording on an existing series, as on a busy server's request thread: the agent's
 * {@link BoundedSeries} lookup with its own {@link StripedCounter} and {@link DurationHistogram}
 * ({@code bounded*}); the same lookup over simpleclient's {@code Counter} and {@code Histogram}
 * children, which the agent used before ({@code boundedSimpleclient*}); simpleclient alone, with
 * its {@code labels(...)} that builds a label list per call ({@code simpleclient*}).
 *
 * <p>Two things make it a server's thread rather than a quiet JMH thread. The adders are striped
 * first, by several threads recording at once, as the first contention on a server does for
 * good: from then on every simpleclient add looks the thread's stripe up in a {@code ThreadLocal}
 * (a JDK {@code LongAdder} reads it from the {@code Thread}). And with {@code threadLocals=64}
 * the benchmark thread holds that many thread locals before its first recording, as a Tomcat
 * thread does, one of them in the slot of simpleclient's lookup, which then misses it and probes
 * the thread's map on every add ({@link CrowdedThreadLocals}), as the JFR profile of a Tomcat
 * service shows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
// For CrowdedThreadLocals, which reads ThreadLocal's private hash.
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.lang=ALL-UNNAMED")
public class MetricRecordBenchmark {

  /** Thread locals the benchmark thread holds besides the JDK's and JMH's own. */
  @Param({"0", "64"})
  public int threadLocals;

  // Fields, not constants: the JIT must not fold the lookups away.
  private String method = "GET";
  private String endpoint = "/users/{id}";
  private String status = "200";
  private long nanos = 42_000_000L;

  private Counter counter;
  private Histogram histogram;
  private BoundedSeries<StripedCounter.Child> counterSeries;
  private BoundedSeries<DurationHistogram.Child> histogramSeries;
  private BoundedSeries<Counter.Child> simpleclientCounterSeries;
  private BoundedSeries<Histogram.Child> simpleclientHistogramSeries;
  /** Held, so that the thread's map keeps live entries (as an application's are). */
  private ThreadLocal<?>[] held;

  @Setup(Level.Trial)
  public void setUp() throws InterruptedException {
    ExemplarConfig.disableExemplars();
    Metrics metrics = new Metrics(new CollectorRegistry(true), AgentTelemetry.BUCKETS, 1000);
    counterSeries = metrics.register(StripedCounter.build("bench_requests_total", "bench")
        .labelNames("method", "endpoint", "status_code").create(), "bench_requests_total", 3);
    histogramSeries = metrics.register(DurationHistogram.build("bench_duration_seconds", "bench")
        .labelNames("method", "endpoint").buckets(AgentTelemetry.BUCKETS).create(),
        "bench_duration_seconds", 2);
    counter = Counter.build("bench_sc_requests_total", "bench")
        .labelNames("method", "endpoint", "status_code").create();
    histogram = Histogram.build("bench_sc_duration_seconds", "bench")
        .labelNames("method", "endpoint").buckets(AgentTelemetry.BUCKETS).create();
    simpleclientCounterSeries = metrics.register(counter, "bench_sc_requests_total", 3);
    simpleclientHistogramSeries = metrics.register(histogram, "bench_sc_duration_seconds", 2);
    // A few other series, so that lookups are not in single-entry maps.
    for (String m : new String[] {"GET", "POST", "PUT", "DELETE"}) {
      for (String e : new String[] {"/users/{id}", "/health", "/orders/{id}/items"}) {
        for (String s : new String[] {"200", "404", "500"}) {
          counterSeries.get(m, e, s).inc();
          simpleclientCounterSeries.get(m, e, s).inc();
        }
        histogramSeries.get(m, e).observeNanos(1_000_000L);
        simpleclientHistogramSeries.get(m, e).observe(0.001);
      }
    }
    // This thread records nothing more before the benchmark: simpleclient's stripe lookup
    // enters the thread's map on its first striped add, after these thread locals.
    held = CrowdedThreadLocals.crowd(threadLocals, simpleclientStripeLookup());
    stripe();
  }

  /** The thread local simpleclient's adders keep each thread's stripe hash in. */
  private static ThreadLocal<?> simpleclientStripeLookup() {
    try {
      Field field = Class.forName("io.prometheus.client.Striped64")
          .getDeclaredField("threadHashCode");
      field.setAccessible(true);
      return (ThreadLocal<?>) field.get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("simpleclient's Striped64.threadHashCode", e);
    }
  }

  /** Records into every benchmarked child from several threads at once, until it contends. */
  private void stripe() throws InterruptedException {
    int threads = 4;
    final CountDownLatch start = new CountDownLatch(1);
    Thread[] recorders = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      recorders[t] = new Thread(new Runnable() {
        @Override
        public void run() {
          try {
            start.await();
          } catch (InterruptedException e) {
            return;
          }
          for (int i = 0; i < 200_000; i++) {
            boundedCounter();
            boundedHistogram();
            boundedSimpleclientCounter();
            boundedSimpleclientHistogram();
          }
        }
      });
      recorders[t].start();
    }
    start.countDown();
    for (Thread recorder : recorders) {
      recorder.join();
    }
  }

  @Benchmark
  public void boundedCounter() {
    counterSeries.get(method, endpoint, status).inc();
  }

  @Benchmark
  public void boundedHistogram() {
    histogramSeries.get(method, endpoint).observeNanos(nanos);
  }

  @Benchmark
  public void boundedSimpleclientCounter() {
    simpleclientCounterSeries.get(method, endpoint, status).inc();
  }

  @Benchmark
  public void boundedSimpleclientHistogram() {
    simpleclientHistogramSeries.get(method, endpoint).observe(nanos / 1e9);
  }

  @Benchmark
  public void simpleclientCounter() {
    counter.labels(method, endpoint, status).inc();
  }

  @Benchmark
  public void simpleclientHistogram() {
    histogram.labels(method, endpoint).observe(nanos / 1e9);
  }
}

package dev.sonde.benchmarks;

import dev.sonde.instrumentation.api.metrics.BoundedSeries;
import dev.sonde.instrumentation.api.metrics.Metrics;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;
import io.prometheus.client.exemplars.ExemplarConfig;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Recording on an existing series: the agent's {@link BoundedSeries} lookup, against simpleclient's
 * own {@code labels(...)} (which builds a label list per call) as the baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class MetricRecordBenchmark {

  // Fields, not constants: the JIT must not fold the lookups away.
  private String method = "GET";
  private String endpoint = "/users/{id}";
  private String status = "200";
  private double seconds = 0.042;

  private Counter counter;
  private Histogram histogram;
  private BoundedSeries<Counter.Child> counterSeries;
  private BoundedSeries<Histogram.Child> histogramSeries;

  @Setup
  public void setUp() {
    ExemplarConfig.disableExemplars();
    Metrics metrics = new Metrics(new CollectorRegistry(true), AgentTelemetry.BUCKETS, 1000);
    counter = Counter.build("bench_requests_total", "bench")
        .labelNames("method", "endpoint", "status_code").create();
    histogram = Histogram.build("bench_request_duration_seconds", "bench")
        .labelNames("method", "endpoint").buckets(AgentTelemetry.BUCKETS).create();
    counterSeries = metrics.register(counter, "bench_requests_total", 3);
    histogramSeries = metrics.register(histogram, "bench_request_duration_seconds", 2);
    // A few other series, so that lookups are not in single-entry maps.
    for (String m : new String[] {"GET", "POST", "PUT", "DELETE"}) {
      for (String e : new String[] {"/users/{id}", "/health", "/orders/{id}/items"}) {
        for (String s : new String[] {"200", "404", "500"}) {
          counterSeries.get(m, e, s).inc();
        }
        histogramSeries.get(m, e).observe(0.001);
      }
    }
  }

  @Benchmark
  public void boundedCounter() {
    counterSeries.get(method, endpoint, status).inc();
  }

  @Benchmark
  public void boundedHistogram() {
    histogramSeries.get(method, endpoint).observe(seconds);
  }

  @Benchmark
  public void simpleclientCounter() {
    counter.labels(method, endpoint, status).inc();
  }

  @Benchmark
  public void simpleclientHistogram() {
    histogram.labels(method, endpoint).observe(seconds);
  }
}

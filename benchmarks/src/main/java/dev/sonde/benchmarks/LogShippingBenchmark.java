package dev.sonde.benchmarks;

import dev.sonde.agent.logs.LogQueue;
import dev.sonde.bootstrap.LogEventHook;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.logs.CapturedLogEvent;
import dev.sonde.instrumentation.api.logs.LogEventRecorder;
import dev.sonde.instrumentation.api.logs.SeverityScale;
import dev.sonde.instrumentation.api.metrics.StripedCounter;
import io.prometheus.client.CollectorRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What log shipping ({@code sonde.logs.exporter=otlp}) costs the application's logging thread per
 * event: the hook the Logback and Log4j 2 advice call, with the real recorder (correlation fields
 * of the current context, one captured event) and the real bounded {@link LogQueue}. {@code
 * current}: no span ({@code none}), or a server request started through the HTTP hook ({@code
 * request}).
 *
 * <p>The export thread (conversion to OTLP records, the export) is not measured: it runs on the
 * agent's thread, and in a tight loop it could never keep up with the producer, so the queue
 * would be full and the benchmark would measure drops. Instead the benchmark thread empties the
 * queue every {@link #DRAIN_EVERY} events, as that thread would: its share is in the result,
 * amortized (a few ns).
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class LogShippingBenchmark {

  static final int DRAIN_EVERY = 1024;
  private static final Map<String, String> MDC = Map.of("order_id", "7", "tenant", "shop-eu");

  @Param({"none", "request"})
  public String current;

  private AgentTelemetry telemetry;
  private StripedCounter.Child dropped;
  private LogQueue queue;
  private LogEventHook hook;
  private final List<CapturedLogEvent> drained = new ArrayList<>(DRAIN_EVERY);
  private int sinceDrain;
  private Object request;

  @Setup(Level.Trial)
  public void startTelemetry() {
    telemetry = new AgentTelemetry(false);
    dropped = StripedCounter.build("bench_logs_dropped", "d")
        .register(new CollectorRegistry(true)).labels();
    queue = new LogQueue(2 * DRAIN_EVERY, 512, dropped);
    hook = LogEventRecorder.of(new Telemetry(telemetry.telemetry.tracer(), telemetry.metrics,
        new Config(Map.of(), Map.of(), new Properties()), queue), SeverityScale.LOGBACK);
  }

  @Setup(Level.Iteration)
  public void enter() {
    if (current.equals("request")) {
      request = AgentTelemetry.startRequest("GET", "/users/42");
    }
  }

  @TearDown(Level.Iteration)
  public void exit() {
    AgentTelemetry.endRequest(request);
    request = null;
  }

  @TearDown(Level.Trial)
  public void stopTelemetry() {
    telemetry.close();
    if (dropped.get() > 0) {
      System.err.println("WARNING: " + dropped.get()
          + " log events dropped: the measurement includes drops");
    }
  }

  /** One Logback INFO event with two MDC entries and no exception, as the advice hands it over. */
  @Benchmark
  public void logged() {
    hook.logged(1_700_000_000_000L, 20000, "INFO", "com.shop.Orders", "http-nio-8080-exec-1",
        "loading user 42", null, MDC);
    if (++sinceDrain == DRAIN_EVERY) {
      sinceDrain = 0;
      queue.drain(drained, DRAIN_EVERY);
      drained.clear();
    }
  }
}

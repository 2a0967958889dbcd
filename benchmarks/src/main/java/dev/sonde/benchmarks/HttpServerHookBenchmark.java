package dev.sonde.benchmarks;

import dev.sonde.bootstrap.Hooks;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One HTTP server request as the Servlet / JDK HttpServer advice reports it: {@code start} on
 * entry, {@code end} on exit. Covers the span (or non-recording span), request id, log
 * correlation context, route template, the three HTTP metrics and, when sampled, the hand-off of
 * the ended span to the real {@code SpanQueue}.
 *
 * <p>With {@code -prof gc}, the allocation reported for {@code sampled=true} includes the export
 * thread's (it wraps each span for the encoder): JMH counts every thread of the JVM.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class HttpServerHookBenchmark {

  static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  /** The same caller's, not sampled: sampling follows an incoming parent's decision. */
  static final String UNSAMPLED_TRACEPARENT =
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";

  @Param({"false", "true"})
  public boolean sampled;

  @Param({"false", "true"})
  public boolean incomingTraceparent;

  private AgentTelemetry telemetry;
  private String traceparent;

  @Setup
  public void setUp() {
    telemetry = new AgentTelemetry(sampled);
    traceparent = !incomingTraceparent ? null : sampled ? TRACEPARENT : UNSAMPLED_TRACEPARENT;
  }

  @TearDown
  public void tearDown() {
    telemetry.close();
  }

  @Benchmark
  public Object request() {
    Object scope = AgentTelemetry.startRequest("GET", "/users/42", traceparent);
    Hooks.httpServer.end(scope, 200, null, null);
    return scope;
  }
}

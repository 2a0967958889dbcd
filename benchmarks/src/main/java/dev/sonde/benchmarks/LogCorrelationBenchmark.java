package dev.sonde.benchmarks;

import dev.sonde.bootstrap.Hooks;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.Collections;
import java.util.Map;
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
 * What logging advice asks on every application log event: the correlation fields of the current
 * context. {@code current}: nothing ({@code none}), a server request started through the hook
 * ({@code request}), or a span another library made current, without Sonde's cached fields
 * ({@code otherSpan}).
 *
 * <p>Thread-scoped state, set up per iteration: JMH runs the setup on the benchmark thread, so the
 * request's context is current on the thread that measures.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class LogCorrelationBenchmark {

  @Param({"none", "request", "otherSpan"})
  public String current;

  private final Map<String, String> applicationMdc = Collections.singletonMap("user", "alice");
  /** Where the event keeps its MDC: the map escapes, as it does into a real event. */
  private Map<String, String> eventMdc;
  private AgentTelemetry telemetry;
  private Object request;
  private Span otherSpan;
  private Scope otherScope;

  @Setup(Level.Trial)
  public void startTelemetry() {
    telemetry = new AgentTelemetry(false);
  }

  @Setup(Level.Iteration)
  public void enter() {
    if (current.equals("request")) {
      request = AgentTelemetry.startRequest("GET", "/users/42");
    } else if (current.equals("otherSpan")) {
      otherSpan = telemetry.telemetry.tracer().spanBuilder("other").startSpan();
      otherScope = otherSpan.makeCurrent();
    }
    if ((Hooks.logCorrelation.currentFields() == null) != current.equals("none")) {
      throw new IllegalStateException("unexpected correlation fields for current=" + current);
    }
  }

  @TearDown(Level.Iteration)
  public void exit() {
    AgentTelemetry.endRequest(request);
    request = null;
    if (otherScope != null) {
      otherScope.close();
      otherSpan.end();
      otherScope = null;
    }
  }

  @TearDown(Level.Trial)
  public void stopTelemetry() {
    telemetry.close();
  }

  @Benchmark
  public String[] currentFields() {
    return Hooks.logCorrelation.currentFields();
  }

  /**
   * What the Logback advice does to one event's MDC (the application's, one entry), then what a
   * layout's {@code %X{trace_id}} reads from it.
   */
  @Benchmark
  public String logbackMdc() {
    String[] fields = Hooks.logCorrelation.currentFields();
    Map<String, String> mdc = fields == null ? applicationMdc
        : Hooks.logCorrelation.withFields(applicationMdc, fields);
    eventMdc = mdc;
    return mdc.get("trace_id");
  }
}

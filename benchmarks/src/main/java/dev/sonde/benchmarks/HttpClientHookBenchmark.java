package dev.sonde.benchmarks;

import dev.sonde.bootstrap.HttpClientHook;
import dev.sonde.bootstrap.Hooks;
import dev.sonde.instrumentation.okhttp.OkHttpInstrumentation;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the HTTP client advice (OkHttp, Apache HttpClient) costs around one outgoing request:
 * {@code start}, the trace headers read back and copied out as the advice copies them into the
 * request, and {@code end} with a 200, with the real shared recorder (metrics, health window, and
 * a CLIENT span plus traceparent when a request's span is current). No request is sent: only the
 * agent's share is measured.
 *
 * <p>{@code inRequest=false} is a call outside any span (a scheduled job): metrics only, no
 * header written.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class HttpClientHookBenchmark {

  @Param({"false", "true"})
  public boolean inRequest;

  private AgentTelemetry telemetry;
  private HttpClientHook hook;
  private Object request;
  /** Where the advice's copy of the headers goes (a request builder in the real advice). */
  private final String[] sent = new String[4];

  @Setup(Level.Trial)
  public void setUp() {
    telemetry = new AgentTelemetry(true);
    new OkHttpInstrumentation().start(telemetry.telemetry);
    hook = Hooks.httpClient;
  }

  @Setup(Level.Iteration)
  public void enterRequest() {
    if (inRequest) {
      request = AgentTelemetry.startRequest("GET", "/orders/{id}");
    }
  }

  @TearDown(Level.Iteration)
  public void exitRequest() {
    AgentTelemetry.endRequest(request);
    request = null;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    telemetry.close();
  }

  @Benchmark
  public Object outgoingRequest() {
    Object call = hook.start("GET", "http", "inventory.internal", 8080,
        "http://inventory.internal:8080/items/42?fields=stock", false);
    String[] headers = call == null ? null : hook.headers(call);
    if (headers != null) {
      for (int i = 0; i + 1 < headers.length && headers[i] != null; i += 2) {
        sent[i] = headers[i];
        sent[i + 1] = headers[i + 1];
      }
    }
    hook.end(call, 200, "http/1.1", null);
    return call;
  }
}

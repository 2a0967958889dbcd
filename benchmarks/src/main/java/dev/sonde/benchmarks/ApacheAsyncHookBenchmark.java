package dev.sonde.benchmarks;

import dev.sonde.bootstrap.apache5.ApacheAsyncHook;
import dev.sonde.bootstrap.apache5.ApacheHttpClient5Hooks;
import dev.sonde.instrumentation.apache5.ApacheHttpClient5Instrumentation;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
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
 * What the Apache HttpClient 5 async advice costs around one request, as the advice and the
 * client drive it: {@code execute} (the exchange and its {@code FutureCallback} proxy), one
 * attempt (the exchange tied to the request's future, the span started, the trace headers copied
 * out as the advice sets them on the client's copy of the request), and the client completing the
 * proxy with a 200 response (the request ended, its entry taken out, the application's callback
 * called).
 * The real recorder over the shared HTTP client recorder; no request is sent.
 *
 * <p>{@code inRequest=false} is a call outside any span: metrics only, no header written.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ApacheAsyncHookBenchmark {

  @Param({"false", "true"})
  public boolean inRequest;

  private AgentTelemetry telemetry;
  private ApacheAsyncHook hook;
  private Object request;
  private final HttpContext context = HttpCoreContext.create();
  private final BasicHttpResponse response = new BasicHttpResponse(200);
  /** Where the advice's headers go (the client's copy of the request in the real advice). */
  private final String[] sent = new String[4];
  private int completed;
  private final FutureCallback<Object> application = new FutureCallback<Object>() {
    @Override
    public void completed(Object result) {
      completed++;
    }

    @Override
    public void failed(Exception e) {}

    @Override
    public void cancelled() {}
  };

  @Setup(Level.Trial)
  public void setUp() {
    telemetry = new AgentTelemetry(true);
    new ApacheHttpClient5Instrumentation().start(telemetry.telemetry);
    hook = ApacheHttpClient5Hooks.async;
    response.setVersion(HttpVersion.HTTP_1_1);
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
    ApacheHttpClient5Hooks.async = ApacheAsyncHook.NOOP;
    telemetry.close();
  }

  @Benchmark
  @SuppressWarnings("unchecked")
  public int asyncRequest() {
    Object exchange = hook.execute(FutureCallback.class, application, context);
    Object future = new Object(); // the client's future of the request, the attempts' key
    String[] headers = hook.attempt(hook.exchange(future), "GET", "http", "inventory.internal", 8080,
        "/items/42?fields=stock", false);
    if (headers != null) {
      for (int i = 0; i + 1 < headers.length && headers[i] != null; i += 2) {
        sent[i] = headers[i];
        sent[i + 1] = headers[i + 1];
      }
    }
    ((FutureCallback<Object>) exchange).completed(response);
    return completed;
  }
}

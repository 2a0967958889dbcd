package dev.sonde.instrumentation.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sonde.bootstrap.Hooks;
import dev.sonde.instrumentation.api.InstrumentationModule;
import dev.sonde.instrumentation.api.LibraryShape;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.TypeInstrumentation;
import dev.sonde.instrumentation.api.http.HttpClientRecorder;
import dev.sonde.instrumentation.api.http.LibraryClientRecorder;
import java.util.Arrays;
import java.util.List;

/**
 * OkHttp 3.12+, 4.x and 5.x: every call, {@code execute} or {@code enqueue}, runs its interceptor
 * chain once, from {@code RealInterceptorChain.proceed} with the application's request; the
 * chain's inner links (the application's interceptors, retries, redirects, the network) are
 * nested calls of the same method. The outermost one is the request the application sent: one
 * CLIENT span, and the chain goes on with a copy of the request carrying the trace headers (a
 * {@code Request} is immutable; the application's own object is never changed).
 *
 * <p>An enqueued call runs on OkHttp's dispatcher pool, a {@code ThreadPoolExecutor}, handed to
 * it either at {@code enqueue} or, when the dispatcher's limits queue it, later from the thread of
 * a call that finished. So the call itself remembers its caller's context when {@code enqueue}
 * makes it (the {@code executors} instrumentation's task contexts) and runs in it: the span's
 * parent and the context the application's callback runs in are the caller's.
 */
public final class OkHttpInstrumentation implements InstrumentationModule {

  static final String CHAIN = "okhttp3.internal.http.RealInterceptorChain";
  /** The task an enqueued call runs as: 4.x and 5.x, then 3.x. */
  static final String[] ASYNC_CALLS = {
      "okhttp3.internal.connection.RealCall$AsyncCall", "okhttp3.RealCall$AsyncCall"};

  @Override
  public String name() {
    return "okhttp";
  }

  @Override
  public LibraryShape shape() {
    return LibraryShape.requires(CHAIN, "proceed")
        .and("okhttp3.Request", "method", "url", "header", "newBuilder")
        .and("okhttp3.Request$Builder", "header", "build")
        .and("okhttp3.HttpUrl", "scheme", "host", "port")
        .and("okhttp3.Response", "code", "protocol");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        TypeInstrumentation.of(named(CHAIN),
            named("proceed").and(takesArguments(1)), OkHttpChainAdvice.class),
        TypeInstrumentation.of(namedOneOf(ASYNC_CALLS), isConstructor(),
            OkHttpAsyncCallCreatedAdvice.class),
        // 3.x's run() is its superclass's, final, and calls execute().
        TypeInstrumentation.of(namedOneOf(ASYNC_CALLS),
            namedOneOf("run", "execute").and(takesArguments(0)), OkHttpAsyncCallRunAdvice.class));
  }

  @Override
  public void start(Telemetry telemetry) {
    Hooks.httpClient = new LibraryClientRecorder(HttpClientRecorder.of(telemetry));
  }
}

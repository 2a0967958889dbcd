package dev.sonde.instrumentation.apache5;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sonde.bootstrap.Hooks;
import dev.sonde.bootstrap.HttpClientHook;
import dev.sonde.bootstrap.apache5.ApacheHttpClient5Hooks;
import dev.sonde.instrumentation.api.InstrumentationModule;
import dev.sonde.instrumentation.api.LibraryShape;
import dev.sonde.instrumentation.api.SuperTypes;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.TypeInstrumentation;
import dev.sonde.instrumentation.api.http.HttpClientRecorder;
import dev.sonde.instrumentation.api.http.LibraryClientRecorder;
import java.util.Arrays;
import java.util.List;

/**
 * Apache HttpClient 5.x, classic and async.
 *
 * <p>Classic: every {@code execute} overload of a {@code CloseableHttpClient} ends in its
 * {@code doExecute}, once per request the application sends; retries and redirects happen inside
 * it. A client wrapping another is nested inside the outer call, which alone records. The trace
 * headers go into the client's own copy of each attempt at its {@code ProtocolExec}
 * ({@link ApacheHttpClient5SendAdvice}); the minimal classic client
 * ({@code HttpClients.createMinimal}) has no such stage: its requests are recorded but carry no
 * trace headers.
 *
 * <p>Async: every {@code execute} overload of a {@code CloseableHttpAsyncClient} ends in its
 * {@code doExecute} ({@link ApacheAsyncExecuteAdvice}: the exchange, and the callback that ends
 * it); every attempt the client then makes of the request, on the application's thread or its
 * own, passes {@code AsyncProtocolExec.execute} ({@link ApacheAsyncAttemptAdvice}: the first
 * starts the span, each gets the trace headers). The minimal clients
 * ({@code HttpAsyncClients.createMinimal}) have no protocol stage and are not recorded.
 */
public final class ApacheHttpClient5Instrumentation implements InstrumentationModule {

  static final String CLIENT = "org.apache.hc.client5.http.impl.classic.CloseableHttpClient";
  static final String ASYNC_CLIENT =
      "org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient";
  static final String PROTOCOL_EXEC = "org.apache.hc.client5.http.impl.async.AsyncProtocolExec";
  static final String CLASSIC_PROTOCOL_EXEC =
      "org.apache.hc.client5.http.impl.classic.ProtocolExec";

  @Override
  public String name() {
    return "apache-httpclient-5";
  }

  @Override
  public LibraryShape shape() {
    return LibraryShape.requires(CLIENT, "execute")
        .and("org.apache.hc.core5.http.ClassicHttpRequest", "getMethod", "getRequestUri",
            "getScheme", "getAuthority", "containsHeader", "setHeader")
        .and(CLASSIC_PROTOCOL_EXEC, "execute")
        .and("org.apache.hc.core5.net.URIAuthority", "getHostName", "getPort")
        .and("org.apache.hc.core5.http.HttpHost", "getSchemeName", "getHostName", "getPort")
        .and("org.apache.hc.client5.http.impl.classic.CloseableHttpResponse", "getCode",
            "getVersion")
        .and(ASYNC_CLIENT, "execute")
        .and(PROTOCOL_EXEC, "execute")
        .and("org.apache.hc.client5.http.async.AsyncExecChain$Scope")
        .and("org.apache.hc.client5.http.HttpRoute", "getTargetHost")
        .and("org.apache.hc.client5.http.protocol.HttpClientContext", "create")
        .and("org.apache.hc.core5.http.protocol.HttpContext")
        .and("org.apache.hc.core5.concurrent.FutureCallback")
        .and("org.apache.hc.core5.http.HttpRequest", "getMethod", "getRequestUri", "getScheme",
            "getAuthority", "containsHeader", "setHeader");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        TypeInstrumentation.of(SuperTypes.extending(CLIENT),
            named("doExecute").and(takesArguments(3)), ApacheHttpClient5Advice.class),
        TypeInstrumentation.of(named(CLASSIC_PROTOCOL_EXEC),
            named("execute").and(takesArguments(3)), ApacheHttpClient5SendAdvice.class),
        TypeInstrumentation.of(SuperTypes.extending(ASYNC_CLIENT),
            named("doExecute").and(takesArguments(6)), ApacheAsyncExecuteAdvice.class),
        TypeInstrumentation.of(named(PROTOCOL_EXEC),
            named("execute").and(takesArguments(5)), ApacheAsyncAttemptAdvice.class));
  }

  @Override
  public void start(Telemetry telemetry) {
    HttpClientHook client = new LibraryClientRecorder(HttpClientRecorder.of(telemetry));
    Hooks.httpClient = client;
    ApacheHttpClient5Hooks.async = new ApacheAsyncRecorder(client);
  }
}

package dev.sonde.instrumentation.apache4;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sonde.bootstrap.Hooks;
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
 * Apache HttpClient 4.3 to 4.5, classic: every {@code execute} overload of a
 * {@code CloseableHttpClient} ends in its {@code doExecute}, once per request the application
 * sends; retries and redirects happen inside it. A client wrapping another is nested inside the
 * outer call, which alone records. The trace headers go into the client's own copy of each
 * attempt, where {@code HttpRequestExecutor} sends it ({@link ApacheHttpClient4SendAdvice}).
 */
public final class ApacheHttpClient4Instrumentation implements InstrumentationModule {

  static final String CLIENT = "org.apache.http.impl.client.CloseableHttpClient";
  static final String REQUEST_EXECUTOR = "org.apache.http.protocol.HttpRequestExecutor";

  @Override
  public String name() {
    return "apache-httpclient-4";
  }

  @Override
  public LibraryShape shape() {
    return LibraryShape.requires(CLIENT, "execute")
        .and(REQUEST_EXECUTOR, "execute")
        .and("org.apache.http.HttpRequest", "getRequestLine", "containsHeader", "setHeader")
        .and("org.apache.http.RequestLine", "getMethod", "getUri")
        .and("org.apache.http.HttpHost", "getSchemeName", "getHostName", "getPort")
        .and("org.apache.http.HttpResponse", "getStatusLine")
        .and("org.apache.http.StatusLine", "getStatusCode", "getProtocolVersion");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        TypeInstrumentation.of(SuperTypes.extending(CLIENT),
            named("doExecute").and(takesArguments(3)), ApacheHttpClient4Advice.class),
        TypeInstrumentation.of(named(REQUEST_EXECUTOR),
            named("execute").and(takesArguments(3)), ApacheHttpClient4SendAdvice.class));
  }

  @Override
  public void start(Telemetry telemetry) {
    Hooks.httpClient = new LibraryClientRecorder(HttpClientRecorder.of(telemetry));
  }
}

package dev.sonde.instrumentation.javahttpclient;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sonde.bootstrap.javahttpclient.JavaHttpClientHooks;
import dev.sonde.instrumentation.api.InstrumentationModule;
import dev.sonde.instrumentation.api.LibraryShape;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.TypeInstrumentation;
import dev.sonde.instrumentation.api.http.HttpClientRecorder;
import java.util.Arrays;
import java.util.List;

/**
 * The JDK's {@code java.net.http.HttpClient} (JDK 11+): {@code send} and {@code sendAsync} of
 * {@code HttpClientFacade}, what {@code HttpClient.newHttpClient()} and its builder return. One
 * CLIENT span per call, the JDK's own redirects and retries inside it; an asynchronous call ends
 * when its future completes. The trace context goes into the JDK's internal copy of the request
 * through {@code ImmutableHttpRequest.headers()}, read by that copy while the call runs on the
 * application's thread: the application's request object is never changed.
 */
public final class JavaHttpClientInstrumentation implements InstrumentationModule {

  static final String FACADE = "jdk.internal.net.http.HttpClientFacade";
  static final String REQUEST = "jdk.internal.net.http.ImmutableHttpRequest";

  @Override
  public String name() {
    return "java-http-client";
  }

  @Override
  public LibraryShape shape() {
    return LibraryShape.requires(FACADE, "send", "sendAsync").and(REQUEST, "headers");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        TypeInstrumentation.of(named(FACADE), named("send").and(takesArguments(2)),
            SendAdvice.class),
        TypeInstrumentation.of(named(FACADE),
            named("sendAsync").and(takesArguments(2).or(takesArguments(3))),
            SendAsyncAdvice.class),
        TypeInstrumentation.of(named(REQUEST), named("headers").and(takesArguments(0)),
            RequestHeadersAdvice.class));
  }

  @Override
  public List<String> jdkClasses() {
    return Arrays.asList(FACADE, REQUEST);
  }

  @Override
  public void start(Telemetry telemetry) {
    JavaHttpApi api = JavaHttpApi.find();
    if (api != null) {
      JavaHttpClientHooks.hook = new JavaHttpClientRecorder(HttpClientRecorder.of(telemetry), api);
    }
  }
}

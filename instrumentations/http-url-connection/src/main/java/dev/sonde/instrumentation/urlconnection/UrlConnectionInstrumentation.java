package dev.sonde.instrumentation.urlconnection;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sonde.bootstrap.Hooks;
import dev.sonde.bootstrap.urlconnection.UrlConnectionHooks;
import dev.sonde.instrumentation.api.InstrumentationModule;
import dev.sonde.instrumentation.api.LibraryShape;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.TypeInstrumentation;
import dev.sonde.instrumentation.api.http.HttpClientRecorder;
import java.util.Arrays;
import java.util.List;

/**
 * The JDK's {@code HttpURLConnection} ({@code sun.net.www.protocol.http.HttpURLConnection}, and
 * for https its delegate, a subclass): what {@code new URL(..).openConnection()} returns and what
 * Spring's {@code RestTemplate} uses by default. One CLIENT span and one measurement per
 * connection, however many times the application asks it for its response.
 *
 * <p>The agent's own exporter posts with this client too: its thread, and every call of its
 * sender, sit inside {@code Hooks.HTTP_CLIENT_DEPTH}, where this advice records nothing.
 */
public final class UrlConnectionInstrumentation implements InstrumentationModule {

  static final String JDK_CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";
  static final String API_CONNECTION = "java.net.HttpURLConnection";
  /**
   * The https delegate's parent: its {@code connect} overrides the http one without calling it
   * (TLS after the socket), so an https request started by {@code connect} begins here.
   */
  static final String HTTPS_DELEGATE =
      "sun.net.www.protocol.https.AbstractDelegateHttpsURLConnection";

  @Override
  public String name() {
    return "http-url-connection";
  }

  @Override
  public LibraryShape shape() {
    return LibraryShape.requires(JDK_CONNECTION, "connect", "getOutputStream", "getInputStream",
            "getHeaderField", "getHeaderFieldKey", "getHeaderFields", "setRequestProperty",
            "getRequestProperty")
        .and(API_CONNECTION, "getResponseCode", "getRequestMethod", "getURL")
        .and(HTTPS_DELEGATE, "connect");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        TypeInstrumentation.of(named(JDK_CONNECTION),
            namedOneOf("connect", "getOutputStream").and(takesArguments(0)),
            UrlConnectionCallAdvice.class),
        TypeInstrumentation.of(named(HTTPS_DELEGATE),
            named("connect").and(takesArguments(0)),
            UrlConnectionCallAdvice.class),
        TypeInstrumentation.of(named(JDK_CONNECTION),
            named("getInputStream").and(takesArguments(0)),
            UrlConnectionResponseAdvice.class),
        TypeInstrumentation.of(named(API_CONNECTION),
            named("getResponseCode").and(takesArguments(0)),
            UrlConnectionResponseAdvice.class),
        TypeInstrumentation.of(named(JDK_CONNECTION),
            namedOneOf("getHeaderField", "getHeaderFieldKey").and(takesArguments(1))
                .or(named("getHeaderFields").and(takesArguments(0))),
            UrlConnectionHeaderAdvice.class));
  }

  @Override
  public List<String> jdkClasses() {
    return Arrays.asList(JDK_CONNECTION, API_CONNECTION, HTTPS_DELEGATE);
  }

  @Override
  public void start(Telemetry telemetry) {
    UrlConnectionHooks.hook = new UrlConnectionRecorder(HttpClientRecorder.of(telemetry));
  }
}

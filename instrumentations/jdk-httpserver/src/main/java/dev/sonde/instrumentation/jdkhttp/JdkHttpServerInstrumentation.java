package dev.sonde.instrumentation.jdkhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sonde.bootstrap.Hooks;
import dev.sonde.instrumentation.api.InstrumentationModule;
import dev.sonde.instrumentation.api.LibraryShape;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.TypeInstrumentation;
import dev.sonde.instrumentation.api.http.HttpServerRecorder;
import java.util.Collections;
import java.util.List;

/**
 * The JDK's {@code com.sun.net.httpserver.HttpServer}. Every exchange runs through
 * {@code Filter.Chain.doFilter}, user filters first, then the handler, whatever the handler's
 * class (lambdas included): the outermost call is the request.
 */
public final class JdkHttpServerInstrumentation implements InstrumentationModule {

  @Override
  public String name() {
    return "jdk-httpserver";
  }

  @Override
  public LibraryShape shape() {
    return LibraryShape.requires("com.sun.net.httpserver.Filter$Chain", "doFilter")
        .and("com.sun.net.httpserver.HttpExchange", "getResponseCode", "getHttpContext",
            "getRequestHeaders", "getResponseHeaders", "getLocalAddress", "getRemoteAddress")
        .and("com.sun.net.httpserver.HttpContext", "getServer");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(TypeInstrumentation.of(
        named("com.sun.net.httpserver.Filter$Chain"),
        named("doFilter").and(takesArguments(1)),
        JdkHttpServerAdvice.class));
  }

  @Override
  public void start(Telemetry telemetry) {
    Hooks.httpServer = HttpServerRecorder.of(telemetry);
  }
}

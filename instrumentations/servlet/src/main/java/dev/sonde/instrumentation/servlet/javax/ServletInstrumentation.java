package dev.sonde.instrumentation.servlet.javax;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sonde.bootstrap.Hooks;
import dev.sonde.instrumentation.api.InstrumentationModule;
import dev.sonde.instrumentation.api.LibraryShape;
import dev.sonde.instrumentation.api.SuperTypes;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.TypeInstrumentation;
import dev.sonde.instrumentation.api.http.HttpServerRecorder;
import java.util.Arrays;
import java.util.List;

/**
 * Servlet containers: every {@code Servlet.service} and {@code Filter.doFilter}. The outermost
 * layer a request passes through opens its server span; inner filters, servlets and forwards
 * find it on the request and add nothing. Around them, the container's own handling of the
 * request (Tomcat, Jetty) keeps a failed request's context current for its error logging and
 * error page.
 *
 * <p>Written against {@code javax.servlet} 3.0; the build renames it into the jakarta variant.
 */
public final class ServletInstrumentation implements InstrumentationModule {

  @Override
  public String name() {
    return "servlet";
  }

  @Override
  public LibraryShape shape() {
    return LibraryShape.requires("javax.servlet.Servlet")
        .and("javax.servlet.ServletRequest", "isAsyncStarted", "getAsyncContext", "getAttribute",
            "setAttribute")
        .and("javax.servlet.http.HttpServletResponse", "getStatus", "setHeader")
        .and("javax.servlet.AsyncContext", "addListener")
        .and("javax.servlet.AsyncListener")
        .and("javax.servlet.ServletException", "getRootCause");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        TypeInstrumentation.of(
            SuperTypes.implementing("javax.servlet.Servlet"),
            named("service").and(takesArguments(2)).and(not(isAbstract()))
                .and(takesArgument(0, named("javax.servlet.ServletRequest")))
                .and(takesArgument(1, named("javax.servlet.ServletResponse"))),
            ServletAdvice.class),
        TypeInstrumentation.of(
            SuperTypes.implementing("javax.servlet.Filter"),
            named("doFilter").and(takesArguments(3)).and(not(isAbstract()))
                .and(takesArgument(0, named("javax.servlet.ServletRequest")))
                .and(takesArgument(1, named("javax.servlet.ServletResponse"))),
            ServletAdvice.class),
        // The containers' own request handling, whatever the servlet API's package.
        TypeInstrumentation.of(named("org.apache.catalina.connector.CoyoteAdapter"),
            named("service").and(takesArguments(2)), ContainerRequestAdvice.class),
        TypeInstrumentation.of(named("org.eclipse.jetty.server.HttpChannel")
                .or(named("org.eclipse.jetty.ee10.servlet.ServletChannel"))
                .or(named("org.eclipse.jetty.ee9.nested.HttpChannel")),
            named("handle").and(takesArguments(0)).and(not(isAbstract())),
            ContainerRequestAdvice.class));
  }

  @Override
  public void start(Telemetry telemetry) {
    Hooks.httpServer = HttpServerRecorder.of(telemetry);
  }
}

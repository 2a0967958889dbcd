package dev.sonde.instrumentation.servlet.javax;

import dev.sonde.bootstrap.HttpServerHook;
import dev.sonde.bootstrap.Hooks;
import dev.sonde.bootstrap.HttpServerRequest;
import javax.servlet.AsyncListener;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Servlet.service} and {@code Filter.doFilter}: reads the request, hands it to
 * {@link Hooks#httpServer}, and on exit reports the status, or registers a listener that will
 * when the request is asynchronous.
 */
public final class ServletAdvice {

  /** Spring MVC's best-matching pattern, when Spring handled the request. */
  static final String SPRING_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  private ServletAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(@Advice.Argument(0) ServletRequest request,
      @Advice.Argument(1) ServletResponse response) {
    if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)
        || request.getAttribute(HttpServerHook.SCOPE_ATTRIBUTE) != null) {
      return null;
    }
    HttpServletRequest http = (HttpServletRequest) request;
    HttpServerHook hook = Hooks.httpServer;
    HttpServerRequest carrier = HttpServerRequest.ofThread();
    carrier.method = http.getMethod();
    carrier.scheme = http.getScheme();
    carrier.serverAddress = http.getServerName();
    carrier.serverPort = http.getServerPort();
    carrier.path = http.getRequestURI();
    carrier.query = http.getQueryString();
    carrier.protocol = http.getProtocol();
    carrier.clientAddress = http.getRemoteAddr();
    carrier.userAgent = http.getHeader("User-Agent");
    carrier.traceparent = http.getHeader("traceparent");
    carrier.tracestate = http.getHeader("tracestate");
    carrier.requestId = http.getHeader(HttpServerHook.REQUEST_ID_HEADER);
    Object scope = hook.start(carrier);
    if (scope != null) {
      request.setAttribute(HttpServerHook.SCOPE_ATTRIBUTE, scope);
      ((HttpServletResponse) response).setHeader(HttpServerHook.REQUEST_ID_HEADER,
          hook.requestId(scope));
    }
    return scope;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Argument(0) ServletRequest request,
      @Advice.Argument(1) ServletResponse response, @Advice.Enter Object scope,
      @Advice.Thrown Throwable error) {
    if (scope == null) {
      return;
    }
    HttpServerHook hook = Hooks.httpServer;
    if (error == null && request.isAsyncStarted()) {
      Object listener = hook.endAsync(scope, AsyncListener.class, response);
      request.getAsyncContext().addListener((AsyncListener) listener);
      return;
    }
    Object pattern = request.getAttribute(SPRING_PATTERN);
    String route = pattern instanceof String
        ? ((HttpServletRequest) request).getContextPath() + pattern : null;
    // The application's exception, not the framework's wrapper ("Request processing failed");
    // a few layers at most, since a cause chain may loop.
    Throwable thrown = error;
    for (int i = 0; i < 4 && thrown instanceof ServletException
        && ((ServletException) thrown).getRootCause() != null; i++) {
      thrown = ((ServletException) thrown).getRootCause();
    }
    hook.end(scope, ((HttpServletResponse) response).getStatus(), route, thrown);
  }
}

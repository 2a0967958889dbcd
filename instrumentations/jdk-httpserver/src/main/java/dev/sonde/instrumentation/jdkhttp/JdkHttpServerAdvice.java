package dev.sonde.instrumentation.jdkhttp;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import dev.sonde.bootstrap.CallDepth;
import dev.sonde.bootstrap.Hooks;
import dev.sonde.bootstrap.HttpServerHook;
import dev.sonde.bootstrap.HttpServerRequest;
import dev.sonde.bootstrap.jdkhttp.JdkHttpServerHooks;
import java.net.InetSocketAddress;
import java.net.URI;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Filter.Chain.doFilter}: the outermost call of a thread starts the request
 * (the JDK server handles an exchange on one thread, so a call depth finds the outermost layer),
 * except on the agent's own metrics and health servers.
 */
public final class JdkHttpServerAdvice {

  private JdkHttpServerAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(@Advice.Argument(0) HttpExchange exchange,
      @Advice.Local("depths") int[] depths) {
    depths = CallDepth.ofThread();
    if (JdkHttpServerHooks.FILTER_CHAIN_DEPTH.enter(depths) != 0) {
      return null;
    }
    Object server = exchange.getHttpContext().getServer();
    if (server == Hooks.agentHttpServer || server == Hooks.agentHealthServer) {
      return null;
    }
    HttpServerHook hook = Hooks.httpServer;
    Headers headers = exchange.getRequestHeaders();
    URI uri = exchange.getRequestURI();
    InetSocketAddress local = exchange.getLocalAddress();
    InetSocketAddress remote = exchange.getRemoteAddress();
    HttpServerRequest carrier = HttpServerRequest.ofThread();
    carrier.method = exchange.getRequestMethod();
    carrier.scheme = exchange instanceof HttpsExchange ? "https" : "http";
    carrier.serverAddress = local.getHostString();
    carrier.serverPort = local.getPort();
    carrier.path = uri.getRawPath();
    carrier.query = uri.getRawQuery();
    carrier.protocol = exchange.getProtocol();
    carrier.clientAddress = remote.getHostString();
    carrier.userAgent = headers.getFirst("User-Agent");
    carrier.traceparent = headers.getFirst("traceparent");
    carrier.tracestate = headers.getFirst("tracestate");
    carrier.requestId = headers.getFirst(HttpServerHook.REQUEST_ID_HEADER);
    Object scope = hook.start(carrier);
    if (scope != null) {
      exchange.getResponseHeaders().set(HttpServerHook.REQUEST_ID_HEADER, hook.requestId(scope));
    }
    return scope;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Argument(0) HttpExchange exchange,
      @Advice.Enter Object scope, @Advice.Thrown Throwable error,
      @Advice.Local("depths") int[] depths) {
    JdkHttpServerHooks.FILTER_CHAIN_DEPTH.exit(depths);
    if (scope != null) {
      // -1: the handler returned without sending a response; the client gets none.
      int status = exchange.getResponseCode();
      Hooks.httpServer.end(scope, status > 0 ? status : 500, null, error);
    }
  }
}

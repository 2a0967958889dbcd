package dev.sonde.instrumentation.apache5;

import dev.sonde.bootstrap.CallDepth;
import dev.sonde.bootstrap.ClassicClientHeaders;
import dev.sonde.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.net.URIAuthority;

/**
 * Inlined into {@code CloseableHttpClient.doExecute(HttpHost, ClassicHttpRequest, HttpContext)}:
 * the outermost call of a thread starts the request and hands its trace headers to the client's
 * protocol stage ({@link ApacheHttpClient5SendAdvice}), which writes them into the client's own
 * copy of each attempt, for as long as the call lasts; the application's request object is never
 * changed.
 */
public final class ApacheHttpClient5Advice {

  private ApacheHttpClient5Advice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(@Advice.Argument(0) HttpHost target,
      @Advice.Argument(1) ClassicHttpRequest request, @Advice.Local("depths") int[] depths,
      @Advice.Local("headers") String[] headers) {
    depths = CallDepth.ofThread();
    if (Hooks.HTTP_CLIENT_DEPTH.enter(depths) != 0) {
      return null;
    }
    boolean traceparentSet = request.containsHeader("traceparent");
    Object call;
    if (target != null) {
      call = Hooks.httpClient.start(request.getMethod(), target.getSchemeName(),
          target.getHostName(), target.getPort(), request.getRequestUri(), traceparentSet);
    } else {
      URIAuthority authority = request.getAuthority();
      call = Hooks.httpClient.start(request.getMethod(), request.getScheme(),
          authority == null ? null : authority.getHostName(),
          authority == null ? -1 : authority.getPort(), request.getRequestUri(),
          traceparentSet);
    }
    headers = call == null ? null : Hooks.httpClient.headers(call);
    if (headers != null) {
      ClassicClientHeaders.set(headers);
    }
    return call;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Enter Object call,
      @Advice.Return CloseableHttpResponse response, @Advice.Thrown Throwable error,
      @Advice.Local("depths") int[] depths, @Advice.Local("headers") String[] headers) {
    try {
      if (headers != null) {
        ClassicClientHeaders.clear();
      }
      if (call != null) {
        if (response != null) {
          Hooks.httpClient.end(call, response.getCode(), response.getVersion(), error);
        } else {
          Hooks.httpClient.end(call, 0, null, error);
        }
      }
    } finally {
      Hooks.HTTP_CLIENT_DEPTH.exit(depths);
    }
  }
}

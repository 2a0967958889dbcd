package dev.sonde.instrumentation.apache4;

import dev.sonde.bootstrap.CallDepth;
import dev.sonde.bootstrap.ClassicClientHeaders;
import dev.sonde.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;
import org.apache.http.RequestLine;
import org.apache.http.StatusLine;

/**
 * Inlined into {@code CloseableHttpClient.doExecute(HttpHost, HttpRequest, HttpContext)}: the
 * outermost call of a thread starts the request and hands its trace headers to the client's
 * sending stage ({@link ApacheHttpClient4SendAdvice}) for as long as the call lasts; the
 * application's request object is never changed.
 */
public final class ApacheHttpClient4Advice {

  private ApacheHttpClient4Advice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(@Advice.Argument(0) HttpHost target,
      @Advice.Argument(1) HttpRequest request, @Advice.Local("depths") int[] depths,
      @Advice.Local("headers") String[] headers) {
    depths = CallDepth.ofThread();
    if (Hooks.HTTP_CLIENT_DEPTH.enter(depths) != 0) {
      return null;
    }
    RequestLine line = request.getRequestLine();
    boolean traceparentSet = request.containsHeader("traceparent");
    Object call = target == null
        ? Hooks.httpClient.start(line.getMethod(), null, null, -1, line.getUri(), traceparentSet)
        : Hooks.httpClient.start(line.getMethod(), target.getSchemeName(), target.getHostName(),
            target.getPort(), line.getUri(), traceparentSet);
    headers = call == null ? null : Hooks.httpClient.headers(call);
    if (headers != null) {
      ClassicClientHeaders.set(headers);
    }
    return call;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Enter Object call,
      @Advice.Return HttpResponse response, @Advice.Thrown Throwable error,
      @Advice.Local("depths") int[] depths, @Advice.Local("headers") String[] headers) {
    try {
      if (headers != null) {
        ClassicClientHeaders.clear();
      }
      if (call != null) {
        StatusLine status = response == null ? null : response.getStatusLine();
        if (status != null) {
          Hooks.httpClient.end(call, status.getStatusCode(), status.getProtocolVersion(), error);
        } else {
          Hooks.httpClient.end(call, 0, null, error);
        }
      }
    } finally {
      Hooks.HTTP_CLIENT_DEPTH.exit(depths);
    }
  }
}

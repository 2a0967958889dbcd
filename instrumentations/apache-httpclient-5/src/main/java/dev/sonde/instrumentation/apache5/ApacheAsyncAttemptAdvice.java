package dev.sonde.instrumentation.apache5;

import dev.sonde.bootstrap.apache5.ApacheHttpClient5Hooks;
import net.bytebuddy.asm.Advice;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.net.URIAuthority;

/**
 * Inlined into {@code AsyncProtocolExec.execute(HttpRequest, AsyncEntityProducer,
 * AsyncExecChain.Scope, AsyncExecChain, AsyncExecCallback)}, which every attempt of a request
 * passes: the first, each retry and each redirect hop. Their requests are the client's own copies
 * (a redirect hop is copied afresh from the application's request), never the application's
 * object, so each gets the exchange's trace headers set here, before the client's request
 * interceptors run. The first attempt, on the application's thread inside {@code doExecute},
 * starts the exchange. An attempt finds its exchange by its scope's {@code cancellableDependency},
 * the future of its one request (an application may share one {@code HttpContext} between
 * concurrent requests: the context cannot tell them apart).
 */
public final class ApacheAsyncAttemptAdvice {

  private ApacheAsyncAttemptAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.Argument(0) HttpRequest request,
      @Advice.Argument(2) AsyncExecChain.Scope scope) {
    Object exchange = ApacheHttpClient5Hooks.async.exchange(scope.cancellableDependency);
    if (exchange == null) {
      return;
    }
    HttpHost target = scope.route.getTargetHost();
    URIAuthority authority = request.getAuthority();
    String scheme = request.getScheme();
    String[] headers = ApacheHttpClient5Hooks.async.attempt(exchange, request.getMethod(),
        scheme != null ? scheme : target.getSchemeName(),
        authority != null ? authority.getHostName() : target.getHostName(),
        authority != null ? authority.getPort() : target.getPort(), request.getRequestUri(),
        request.containsHeader("traceparent"));
    if (headers != null) {
      for (int i = 0; i + 1 < headers.length && headers[i] != null; i += 2) {
        request.setHeader(headers[i], headers[i + 1]);
      }
    }
  }
}

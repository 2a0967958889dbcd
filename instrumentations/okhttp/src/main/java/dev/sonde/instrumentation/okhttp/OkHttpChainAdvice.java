package dev.sonde.instrumentation.okhttp;

import dev.sonde.bootstrap.CallDepth;
import dev.sonde.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Inlined into {@code RealInterceptorChain.proceed(Request)}: the outermost call of a thread
 * starts the request and, when the hook hands back trace headers, goes on with a copy of the
 * request that carries them; its return (the response) or throw ends the request.
 */
public final class OkHttpChainAdvice {

  private OkHttpChainAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(@Advice.Argument(value = 0, readOnly = false) Request request,
      @Advice.Local("depths") int[] depths) {
    depths = CallDepth.ofThread();
    if (Hooks.HTTP_CLIENT_DEPTH.enter(depths) != 0) {
      return null;
    }
    HttpUrl url = request.url();
    Object call = Hooks.httpClient.start(request.method(), url.scheme(), url.host(), url.port(),
        url.toString(), request.header("traceparent") != null);
    String[] headers = call == null ? null : Hooks.httpClient.headers(call);
    if (headers != null) {
      Request.Builder traced = request.newBuilder();
      for (int i = 0; i + 1 < headers.length && headers[i] != null; i += 2) {
        traced.header(headers[i], headers[i + 1]);
      }
      request = traced.build();
    }
    return call;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Enter Object call, @Advice.Return Response response,
      @Advice.Thrown Throwable error, @Advice.Local("depths") int[] depths) {
    try {
      if (call != null) {
        if (response != null) {
          Hooks.httpClient.end(call, response.code(), response.protocol(), error);
        } else {
          Hooks.httpClient.end(call, 0, null, error);
        }
      }
    } finally {
      Hooks.HTTP_CLIENT_DEPTH.exit(depths);
    }
  }
}

package dev.sonde.instrumentation.apache5;

import dev.sonde.bootstrap.CallDepth;
import dev.sonde.bootstrap.Hooks;
import dev.sonde.bootstrap.apache5.ApacheAsyncHook;
import dev.sonde.bootstrap.apache5.ApacheHttpClient5Hooks;
import net.bytebuddy.asm.Advice;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Inlined into {@code CloseableHttpAsyncClient.doExecute(HttpHost, AsyncRequestProducer,
 * AsyncResponseConsumer, HandlerFactory, HttpContext, FutureCallback)}, where every
 * {@code execute} overload ends, once per request: the outermost call of a thread hands the
 * client a callback that ends the exchange before it calls the application's (and a context of
 * the request's own when the application gave none, as the client itself would make, for the
 * exchange to read the response from). The first attempt of the request, which the client makes
 * inside this call, takes the exchange for its request ({@link ApacheAsyncAttemptAdvice}); on
 * return the exchange is tied to the future the call returned, the request's own object that
 * every later attempt reaches.
 */
public final class ApacheAsyncExecuteAdvice {

  private ApacheAsyncExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(
      @Advice.Argument(value = 4, readOnly = false) HttpContext context,
      @Advice.Argument(value = 5, readOnly = false) FutureCallback<?> callback,
      @Advice.Local("depths") int[] depths) {
    depths = CallDepth.ofThread();
    ApacheAsyncHook hook = ApacheHttpClient5Hooks.async;
    if (Hooks.HTTP_CLIENT_DEPTH.enter(depths) != 0 || hook == ApacheAsyncHook.NOOP) {
      return null;
    }
    if (context == null) {
      context = HttpClientContext.create();
    }
    Object exchange = hook.execute(FutureCallback.class, callback, context);
    if (exchange != null) {
      callback = (FutureCallback<?>) exchange;
    }
    return exchange;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Enter Object exchange, @Advice.Return Object future,
      @Advice.Thrown Throwable error, @Advice.Local("depths") int[] depths) {
    try {
      if (exchange != null) {
        ApacheHttpClient5Hooks.async.executed(exchange, future, error);
      }
    } finally {
      Hooks.HTTP_CLIENT_DEPTH.exit(depths);
    }
  }
}

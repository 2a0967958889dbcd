package dev.sonde.instrumentation.javahttpclient;

import dev.sonde.bootstrap.CallDepth;
import dev.sonde.bootstrap.Hooks;
import dev.sonde.bootstrap.javahttpclient.JavaHttpClientHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientFacade.sendAsync}: the request starts with the call and ends when
 * the returned future completes, on whatever thread completes it.
 */
public final class SendAsyncAdvice {

  private SendAsyncAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(@Advice.Argument(0) Object request,
      @Advice.Local("depths") int[] depths) {
    depths = CallDepth.ofThread();
    if (Hooks.HTTP_CLIENT_DEPTH.enter(depths) != 0) {
      return null;
    }
    return JavaHttpClientHooks.hook.sending(request);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Enter Object sending, @Advice.Return Object future,
      @Advice.Thrown Throwable error, @Advice.Local("depths") int[] depths) {
    try {
      if (sending != null) {
        JavaHttpClientHooks.hook.sentAsync(sending, future, error);
      }
    } finally {
      Hooks.HTTP_CLIENT_DEPTH.exit(depths);
    }
  }
}

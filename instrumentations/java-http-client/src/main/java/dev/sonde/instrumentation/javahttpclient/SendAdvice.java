package dev.sonde.instrumentation.javahttpclient;

import dev.sonde.bootstrap.CallDepth;
import dev.sonde.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code HttpClientFacade.send}: the request starts and ends with the call. */
public final class SendAdvice {

  private SendAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(@Advice.Argument(0) Object request,
      @Advice.Local("depths") int[] depths) {
    depths = CallDepth.ofThread();
    if (CallDepth.HTTP_CLIENT.enter(depths) != 0) {
      return null;
    }
    return Hooks.javaHttpClient.sending(request);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Enter Object sending, @Advice.Return Object response,
      @Advice.Thrown Throwable error, @Advice.Local("depths") int[] depths) {
    try {
      if (sending != null) {
        Hooks.javaHttpClient.sent(sending, response, error);
      }
    } finally {
      CallDepth.HTTP_CLIENT.exit(depths);
    }
  }
}

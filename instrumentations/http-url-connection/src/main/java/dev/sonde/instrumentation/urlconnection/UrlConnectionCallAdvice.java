package dev.sonde.instrumentation.urlconnection;

import dev.sonde.bootstrap.CallDepth;
import dev.sonde.bootstrap.Hooks;
import dev.sonde.bootstrap.urlconnection.UrlConnectionHooks;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the JDK connection's {@code connect} and {@code getOutputStream}: the request
 * starts (its headers are still open, so the trace context goes in), and it ends here only when
 * the call throws (refused, timed out, unknown host).
 */
public final class UrlConnectionCallAdvice {

  private UrlConnectionCallAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(@Advice.This HttpURLConnection connection,
      @Advice.Local("depths") int[] depths) {
    depths = CallDepth.ofThread();
    if (Hooks.HTTP_CLIENT_DEPTH.enter(depths) != 0) {
      return null;
    }
    return UrlConnectionHooks.hook.called(connection);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.This HttpURLConnection connection,
      @Advice.Enter Object request, @Advice.Thrown Throwable error,
      @Advice.FieldValue("responseCode") int responseCode,
      @Advice.Local("depths") int[] depths) {
    try {
      if (request != null && error != null) {
        UrlConnectionHooks.hook.returned(request, connection, responseCode, error, false);
      }
    } finally {
      Hooks.HTTP_CLIENT_DEPTH.exit(depths);
    }
  }
}

package dev.sonde.instrumentation.urlconnection;

import dev.sonde.bootstrap.CallDepth;
import dev.sonde.bootstrap.Hooks;
import dev.sonde.bootstrap.urlconnection.UrlConnectionHooks;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the JDK connection's {@code getInputStream} and into
 * {@code HttpURLConnection.getResponseCode}: the request starts if nothing started it before,
 * and ends when the call returns or throws, with the status code read (the {@code responseCode}
 * field, set once the status line is read, whether or not the call threw). The JDK calls these
 * inside each other; only the application's outermost call is reported.
 */
public final class UrlConnectionResponseAdvice {

  private UrlConnectionResponseAdvice() {}

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
      if (request != null) {
        UrlConnectionHooks.hook.returned(request, connection, responseCode, error, true);
      }
    } finally {
      Hooks.HTTP_CLIENT_DEPTH.exit(depths);
    }
  }
}

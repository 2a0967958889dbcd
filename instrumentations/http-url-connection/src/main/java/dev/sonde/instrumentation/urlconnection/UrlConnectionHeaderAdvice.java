package dev.sonde.instrumentation.urlconnection;

import dev.sonde.bootstrap.CallDepth;
import dev.sonde.bootstrap.Hooks;
import dev.sonde.bootstrap.urlconnection.UrlConnectionHooks;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the JDK connection's {@code getHeaderField(String)}, {@code getHeaderField(int)},
 * {@code getHeaderFieldKey(int)} and {@code getHeaderFields()}, which read the response through
 * {@code getInputStream} and swallow what it throws (so do {@code getContentType},
 * {@code getContentLength} and the other header getters, through them): when the application's
 * first call is one of these, the request ends with what it saw, the status, and the failure the
 * connection kept ({@code rememberedException}) is not reported as thrown.
 */
public final class UrlConnectionHeaderAdvice {

  private UrlConnectionHeaderAdvice() {}

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
      @Advice.FieldValue("rememberedException") Object kept,
      @Advice.Local("depths") int[] depths) {
    try {
      if (request != null) {
        if (error != null) {
          UrlConnectionHooks.hook.returned(request, connection, responseCode, error, true);
        } else {
          UrlConnectionHooks.hook.headersRead(request, connection, responseCode, kept);
        }
      }
    } finally {
      Hooks.HTTP_CLIENT_DEPTH.exit(depths);
    }
  }
}

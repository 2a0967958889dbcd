package dev.sonde.instrumentation.jedis;

import dev.sonde.bootstrap.jedis.JedisHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Connection.flush()}: buffered commands leave for the server here, and a
 * failure here (a {@code JedisConnectionException}) ends every command waiting on the
 * connection, since no reply will come for them.
 */
public final class FlushAdvice {

  private FlushAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.This Object connection, @Advice.Thrown Throwable error) {
    if (error != null) {
      JedisHooks.hook.replyReceived(connection, null, error);
    }
  }
}

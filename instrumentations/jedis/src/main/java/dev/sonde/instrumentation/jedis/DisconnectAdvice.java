package dev.sonde.instrumentation.jedis;

import dev.sonde.bootstrap.jedis.JedisHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Connection.disconnect()} (and {@code forceDisconnect()}): the socket closes,
 * replies not read by now never will be, and a later command on the same object goes over a new
 * socket, in database 0. Reported as a reply that is the connection itself, which no real reply
 * can be: {@link JedisRecorder} forgets what was waiting.
 */
public final class DisconnectAdvice {

  private DisconnectAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.This Object connection) {
    JedisHooks.hook.replyReceived(connection, connection, null);
  }
}

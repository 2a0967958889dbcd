package dev.sonde.instrumentation.jedis;

import dev.sonde.bootstrap.RedisHook;
import dev.sonde.bootstrap.jedis.JedisHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Connection.sendCommand(CommandArguments)} (Jedis 4 and later, where every
 * other {@code sendCommand} overload delegates to it): the command, name and arguments in one
 * object, has been written to the connection's buffer.
 *
 * <p>Reported on exit, not entry: {@code sendCommand} connects first, and a connection's
 * handshake (AUTH, SELECT...) is sent and answered inside it; reporting after the write keeps
 * the order of the connection's queue the order of the bytes on the wire. A command whose write
 * failed is reported and then ended with the failure at once.
 */
public final class SendCommandAdvice {

  private SendCommandAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.This Object connection, @Advice.Argument(0) Object arguments,
      @Advice.Thrown Throwable error) {
    RedisHook hook = JedisHooks.hook;
    hook.commandSent(connection, connection, arguments, null);
    if (error != null) {
      hook.replyReceived(connection, null, error);
    }
  }
}

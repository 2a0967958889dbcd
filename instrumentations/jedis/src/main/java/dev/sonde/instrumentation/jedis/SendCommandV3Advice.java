package dev.sonde.instrumentation.jedis;

import dev.sonde.bootstrap.RedisHook;
import dev.sonde.bootstrap.jedis.JedisHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Connection.sendCommand(ProtocolCommand, byte[]...)} of Jedis 3 (where the
 * other overloads delegate to it): the command has been written to the connection's buffer.
 * Reported on exit for the reason {@link SendCommandAdvice} gives.
 */
public final class SendCommandV3Advice {

  private SendCommandV3Advice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.This Object connection, @Advice.Argument(0) Object command,
      @Advice.Argument(1) Object args, @Advice.Thrown Throwable error) {
    RedisHook hook = JedisHooks.hook;
    hook.commandSent(connection, connection, command, args);
    if (error != null) {
      hook.replyReceived(connection, null, error);
    }
  }
}

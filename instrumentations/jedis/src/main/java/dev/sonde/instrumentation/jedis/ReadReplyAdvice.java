package dev.sonde.instrumentation.jedis;

import dev.sonde.bootstrap.jedis.JedisHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Connection.readProtocolWithCheckingBroken()}, which every reply read of
 * Jedis 3 to 8 goes through ({@code getOne}, {@code getMany} of pipelines and transactions, the
 * {@code get...Reply} methods): one call reads one reply, that of the oldest command waiting on
 * the connection. An error reply is thrown as a {@code JedisDataException}; anything else thrown
 * means the connection is broken.
 */
public final class ReadReplyAdvice {

  private ReadReplyAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.This Object connection, @Advice.Return Object reply,
      @Advice.Thrown Throwable error) {
    JedisHooks.hook.replyReceived(connection, reply, error);
  }
}

package dev.sonde.instrumentation.lettuce;

import dev.sonde.bootstrap.lettuce.LettuceHooks;
import io.lettuce.core.protocol.RedisCommand;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code RedisChannelHandler.dispatch(RedisCommand)}, the one method every command
 * of a connection passes through on its way to the channel, whatever the API: the sync API (a
 * proxy over the async one), the async API and the reactive API (at subscription) all call it on
 * the application's thread. Connection set-up (the {@code HELLO}/{@code AUTH} handshake) writes
 * to the channel directly and does not pass here.
 */
public final class DispatchAdvice {

  private DispatchAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.This Object connection,
      @Advice.Argument(0) RedisCommand<?, ?, ?> command) {
    LettuceHooks.hook.commandSent(command, connection, command.getType(), command.getArgs());
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Argument(0) Object command, @Advice.Thrown Throwable error) {
    if (error != null) {
      // Refused before reaching the channel: the command will never be completed.
      LettuceHooks.hook.replyReceived(command, null, error);
    }
  }
}

package dev.sonde.instrumentation.lettuce;

import dev.sonde.bootstrap.RedisHook;
import dev.sonde.bootstrap.lettuce.LettuceHooks;
import io.lettuce.core.protocol.RedisCommand;
import java.util.Collection;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code RedisChannelHandler.dispatch(Collection)}: several commands written at
 * once (the async API's {@code dispatch} of a batch, command batching). Each is its own call.
 */
public final class DispatchBatchAdvice {

  private DispatchBatchAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.This Object connection,
      @Advice.Argument(0) Collection<?> commands) {
    RedisHook hook = LettuceHooks.hook;
    for (Object each : commands) {
      RedisCommand<?, ?, ?> command = (RedisCommand<?, ?, ?>) each;
      hook.commandSent(command, connection, command.getType(), command.getArgs());
    }
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Argument(0) Collection<?> commands,
      @Advice.Thrown Throwable error) {
    if (error != null) {
      RedisHook hook = LettuceHooks.hook;
      for (Object command : commands) {
        hook.replyReceived(command, null, error);
      }
    }
  }
}

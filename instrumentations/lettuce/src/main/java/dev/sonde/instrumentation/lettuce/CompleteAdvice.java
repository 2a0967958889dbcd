package dev.sonde.instrumentation.lettuce;

import dev.sonde.bootstrap.lettuce.LettuceHooks;
import io.lettuce.core.protocol.RedisCommand;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code complete()} of every command class: the reply has been decoded into the
 * command's output, on the I/O thread. Runs on entry, before the command's future completes and
 * runs the application's callbacks, so the span ends when the reply arrived. Wrappers delegate
 * {@code complete()} inwards; the recorder ends the command it recorded at dispatch and ignores
 * the other layers.
 */
public final class CompleteAdvice {

  private CompleteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.This RedisCommand<?, ?, ?> command) {
    LettuceHooks.hook.replyReceived(command, command.getOutput(), null);
  }
}

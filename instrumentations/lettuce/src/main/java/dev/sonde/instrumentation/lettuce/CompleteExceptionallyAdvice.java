package dev.sonde.instrumentation.lettuce;

import dev.sonde.bootstrap.lettuce.LettuceHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code completeExceptionally(Throwable)} of every command class: a timeout, a
 * closed or broken connection, a command the client refused.
 */
public final class CompleteExceptionallyAdvice {

  private CompleteExceptionallyAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.This Object command, @Advice.Argument(0) Throwable error) {
    LettuceHooks.hook.replyReceived(command, null, error);
  }
}

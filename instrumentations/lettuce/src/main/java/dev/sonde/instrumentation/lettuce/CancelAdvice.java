package dev.sonde.instrumentation.lettuce;

import dev.sonde.bootstrap.RedisHook;
import dev.sonde.bootstrap.lettuce.LettuceHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code cancel()} and {@code cancel(boolean)} of every command class: the sync API
 * cancels a command that timed out, a connection reset cancels what it had queued,
 * {@code DISCARD} cancels a transaction's commands.
 */
public final class CancelAdvice {

  private CancelAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.This Object command) {
    LettuceHooks.hook.replyReceived(command, null, RedisHook.CANCELLED);
  }
}

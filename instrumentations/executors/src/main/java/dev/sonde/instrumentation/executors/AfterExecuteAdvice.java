package dev.sonde.instrumentation.executors;

import dev.sonde.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of a {@code ThreadPoolExecutor} subclass's
 * {@code afterExecute(Runnable, Throwable)}: the application's override sees its own task, never
 * the wrapper it was queued in.
 */
public final class AfterExecuteAdvice {

  private AfterExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
    task = Hooks.taskContext.unwrap(task);
  }
}

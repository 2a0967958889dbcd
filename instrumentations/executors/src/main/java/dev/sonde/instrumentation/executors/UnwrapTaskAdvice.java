package dev.sonde.instrumentation.executors;

import dev.sonde.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@code ThreadPoolExecutor.reject(Runnable)} and of a subclass's
 * {@code afterExecute(Runnable, Throwable)}: the application's rejection handler and override see
 * its own task, never the wrapper it was queued in.
 */
public final class UnwrapTaskAdvice {

  private UnwrapTaskAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
    task = Hooks.taskContext.unwrap(task);
  }
}

package dev.sonde.instrumentation.executors;

import dev.sonde.bootstrap.Hooks;
import java.util.concurrent.ThreadPoolExecutor;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@code ThreadPoolExecutor.remove(Runnable)}: removing a task that was
 * queued inside a wrapper removes the wrapper.
 */
public final class RemoveAdvice {

  private RemoveAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.This ThreadPoolExecutor executor,
      @Advice.Argument(value = 0, readOnly = false) Runnable task) {
    task = Hooks.taskContext.queuedForm(executor.getQueue(), task);
  }
}

package dev.sonde.instrumentation.executors;

import dev.sonde.bootstrap.Hooks;
import java.util.concurrent.ThreadPoolExecutor;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@code ThreadPoolExecutor.execute(Runnable)}: a plain task executed while
 * a span is current is queued inside a wrapper that carries the context (tasks that carry their
 * own, {@code FutureTask} and {@code ForkJoinTask}, and tasks bound for a priority queue, which
 * compares them, are queued as they are).
 */
public final class WrapAdvice {

  private WrapAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.This ThreadPoolExecutor executor,
      @Advice.Argument(value = 0, readOnly = false) Runnable task) {
    task = Hooks.taskContext.wrap(executor.getQueue(), task);
  }
}

package dev.sonde.instrumentation.executors;

import dev.sonde.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@code ThreadPoolExecutor.execute(Runnable)}: a plain task executed while
 * a span is current is queued inside a wrapper that carries the context (tasks that carry their
 * own, {@code FutureTask} and {@code ForkJoinTask}, are queued as they are).
 */
public final class WrapAdvice {

  private WrapAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
    task = Hooks.taskContext.wrap(task);
  }
}

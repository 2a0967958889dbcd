package dev.sonde.instrumentation.executors;

import dev.sonde.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined around {@code ForkJoinTask.doExec}: the task runs in the context remembered for it, or
 * in none. Not the current one: a thread that waits on a {@code ForkJoinPool} (in {@code join},
 * {@code invoke}, {@code CompletableFuture.get}) helps by running other callers' tasks.
 */
public final class ForkJoinAttachAdvice {

  private ForkJoinAttachAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(@Advice.This Object task) {
    return Hooks.taskContext.attachOwn(task);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Enter Object scope) {
    Hooks.taskContext.detach(scope);
  }
}

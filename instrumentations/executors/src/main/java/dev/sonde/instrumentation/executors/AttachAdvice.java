package dev.sonde.instrumentation.executors;

import dev.sonde.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined around the method that runs a task ({@code FutureTask.run}, {@code CompletableFuture}'s
 * async tasks' {@code run}, {@code Thread.run}): the context remembered for the task is current while it runs, and what was
 * current before is restored after, however the task ends.
 */
public final class AttachAdvice {

  private AttachAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(@Advice.This Object task) {
    return Hooks.taskContext.attach(task);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Enter Object scope) {
    Hooks.taskContext.detach(scope);
  }
}

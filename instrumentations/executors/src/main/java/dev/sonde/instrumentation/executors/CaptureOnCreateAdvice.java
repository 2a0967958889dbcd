package dev.sonde.instrumentation.executors;

import dev.sonde.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of the constructors of {@code FutureTask} and {@code ForkJoinTask}: a task
 * made while a span is current (by {@code submit}, {@code schedule}, {@code invokeAll},
 * {@code CompletableFuture.supplyAsync}, {@code fork}) remembers it. One instance per submission,
 * so the task object itself can carry the context.
 */
public final class CaptureOnCreateAdvice {

  private CaptureOnCreateAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void onExit(@Advice.This Object task) {
    Hooks.taskContext.capture(task);
  }
}

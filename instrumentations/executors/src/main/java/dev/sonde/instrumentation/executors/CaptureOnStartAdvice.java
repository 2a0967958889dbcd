package dev.sonde.instrumentation.executors;

import dev.sonde.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@code Thread.start}: a thread started while a span is current remembers
 * it. On entry, not exit: the new thread may be running before {@code start} returns.
 */
public final class CaptureOnStartAdvice {

  private CaptureOnStartAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.This Thread thread) {
    Hooks.taskContext.capture(thread);
  }
}

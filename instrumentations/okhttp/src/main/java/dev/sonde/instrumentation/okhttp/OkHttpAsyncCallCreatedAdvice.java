package dev.sonde.instrumentation.okhttp;

import dev.sonde.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of {@code RealCall.AsyncCall}'s constructor, which {@code Call.enqueue} runs
 * on the caller's thread: the call remembers the caller's context. The dispatcher may hand the
 * call to its pool later from another call's thread (a call queued past {@code maxRequests} or
 * {@code maxRequestsPerHost} starts when an earlier one finishes), where the context current is
 * that earlier call's.
 */
public final class OkHttpAsyncCallCreatedAdvice {

  private OkHttpAsyncCallCreatedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void onExit(@Advice.This Object asyncCall) {
    Hooks.taskContext.capture(asyncCall);
  }
}

package dev.sonde.instrumentation.okhttp;

import dev.sonde.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined around the method an enqueued call runs in on the dispatcher's pool
 * ({@code AsyncCall.run} in 4.x and 5.x, {@code AsyncCall.execute} in 3.x): the context its
 * caller had at {@code enqueue} is current, whatever the pool's task wrapper made current (the
 * context of the thread that handed the call to the pool), and none when the caller had none.
 */
public final class OkHttpAsyncCallRunAdvice {

  private OkHttpAsyncCallRunAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(@Advice.This Object asyncCall) {
    return Hooks.taskContext.attachOwn(asyncCall);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Enter Object scope) {
    Hooks.taskContext.detach(scope);
  }
}

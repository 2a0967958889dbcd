package dev.sonde.instrumentation.executors;

import dev.sonde.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined around pool plumbing that outlives the call: starting a worker thread
 * ({@code ThreadPoolExecutor.addWorker}, {@code ForkJoinPool.createWorker}, Jetty's and Tomcat's
 * pools) and scheduling a periodic task. No context is current inside, so the thread or task does
 * not carry the request that happened to trigger it into everything it runs later.
 */
public final class ContextFreeAdvice {

  private ContextFreeAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter() {
    return Hooks.taskContext.contextFree();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Enter Object scope) {
    Hooks.taskContext.detach(scope);
  }
}

package dev.sonde.instrumentation.executors;

import dev.sonde.bootstrap.Hooks;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of {@code ThreadPoolExecutor.shutdownNow()}: the tasks it returns are the
 * application's own, never the wrappers they were queued in.
 */
public final class ShutdownNowAdvice {

  private ShutdownNowAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void onExit(@Advice.Return List<Runnable> tasks) {
    Hooks.taskContext.unwrapAll(tasks);
  }
}

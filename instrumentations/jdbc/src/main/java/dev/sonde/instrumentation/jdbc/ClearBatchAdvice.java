package dev.sonde.instrumentation.jdbc;

import dev.sonde.bootstrap.jdbc.JdbcHooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Statement.clearBatch()}: the batch being counted starts again. */
public final class ClearBatchAdvice {

  private ClearBatchAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.This Object statement) {
    JdbcHooks.hook.batchCleared(statement);
  }
}

package dev.sonde.instrumentation.jdbc;

import dev.sonde.bootstrap.CallDepth;
import dev.sonde.bootstrap.jdbc.JdbcHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code addBatch()} (prepared statements) and {@code addBatch(String)} (plain
 * statements): counts the batch the next {@code executeBatch} sends. The outermost call only, as
 * for executions, so a proxy's {@code addBatch} and the driver's count once.
 */
public final class AddBatchAdvice {

  private AddBatchAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static boolean onEnter(@Advice.This Object statement,
      @Advice.Argument(value = 0, optional = true) String sql,
      @Advice.Local("depths") int[] depths) {
    depths = CallDepth.ofThread();
    if (JdbcHooks.STATEMENT_DEPTH.enter(depths) != 0) {
      return false;
    }
    JdbcHooks.hook.batched(statement, sql);
    return true;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Local("depths") int[] depths) {
    JdbcHooks.STATEMENT_DEPTH.exit(depths);
  }
}

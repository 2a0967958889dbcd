package dev.sonde.instrumentation.jdbc;

import dev.sonde.bootstrap.CallDepth;
import dev.sonde.bootstrap.jdbc.JdbcHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the no-argument executions: a prepared or callable statement's
 * {@code execute/executeQuery/executeUpdate/executeLargeUpdate()}, and every statement's
 * {@code executeBatch/executeLargeBatch()}. The recorder finds the SQL remembered for the
 * statement; the method name (a constant once inlined) says whether it is a batch.
 */
public final class ExecutePreparedAdvice {

  private ExecutePreparedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(@Advice.This Object statement, @Advice.Origin("#m") String method,
      @Advice.Local("depths") int[] depths) {
    depths = CallDepth.ofThread();
    if (JdbcHooks.STATEMENT_DEPTH.enter(depths) != 0) {
      return null;
    }
    return JdbcHooks.hook.start(statement, null, method.endsWith("Batch"));
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Enter Object scope, @Advice.Thrown Throwable error,
      @Advice.Local("depths") int[] depths) {
    JdbcHooks.STATEMENT_DEPTH.exit(depths);
    if (scope != null) {
      JdbcHooks.hook.end(scope, error);
    }
  }
}

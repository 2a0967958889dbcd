package dev.sonde.instrumentation.jdbc;

import dev.sonde.bootstrap.CallDepth;
import dev.sonde.bootstrap.jdbc.JdbcHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Statement.execute/executeQuery/executeUpdate/executeLargeUpdate(String...)}:
 * the SQL is the argument. Only the outermost execution of a thread is recorded, so a pool's
 * proxy statement and the driver's statement it delegates to make one span.
 */
public final class ExecuteSqlAdvice {

  private ExecuteSqlAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(@Advice.This Object statement, @Advice.Argument(0) String sql,
      @Advice.Local("depths") int[] depths) {
    depths = CallDepth.ofThread();
    if (JdbcHooks.STATEMENT_DEPTH.enter(depths) != 0) {
      return null;
    }
    return JdbcHooks.hook.start(statement, sql, false);
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

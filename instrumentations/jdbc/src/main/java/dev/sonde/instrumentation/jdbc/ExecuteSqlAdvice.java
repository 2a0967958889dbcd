package dev.sonde.instrumentation.jdbc;

import dev.sonde.bootstrap.CallDepth;
import dev.sonde.bootstrap.Hooks;
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
    if (CallDepth.JDBC_STATEMENT.enter(depths) != 0) {
      return null;
    }
    return Hooks.jdbc.start(statement, sql, false);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Enter Object scope, @Advice.Thrown Throwable error,
      @Advice.Local("depths") int[] depths) {
    CallDepth.JDBC_STATEMENT.exit(depths);
    if (scope != null) {
      Hooks.jdbc.end(scope, error);
    }
  }
}

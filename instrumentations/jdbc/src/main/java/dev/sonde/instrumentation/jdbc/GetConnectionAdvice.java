package dev.sonde.instrumentation.jdbc;

import dev.sonde.bootstrap.CallDepth;
import dev.sonde.bootstrap.jdbc.JdbcHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code DataSource.getConnection(...)}: the connection the outermost call hands out
 * counts as active until it is closed; a call that throws instead is a failed call to the
 * database, for its health. A DataSource that wraps another counts once.
 * {@link DriverManagerConnectionAdvice} does the same for {@code DriverManager}.
 */
public final class GetConnectionAdvice {

  private GetConnectionAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static boolean onEnter(@Advice.Local("depths") int[] depths) {
    depths = CallDepth.ofThread();
    return JdbcHooks.CONNECTION_DEPTH.enter(depths) == 0;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Enter boolean outermost,
      @Advice.This(optional = true) Object source, @Advice.Return Object connection,
      @Advice.Thrown Throwable error,
      @Advice.Local("depths") int[] depths) {
    JdbcHooks.CONNECTION_DEPTH.exit(depths);
    if (outermost) {
      if (connection != null) {
        JdbcHooks.hook.connectionOpened(source, connection);
      } else if (error != null) {
        JdbcHooks.hook.connectionFailed(source, null, error);
      }
    }
  }
}

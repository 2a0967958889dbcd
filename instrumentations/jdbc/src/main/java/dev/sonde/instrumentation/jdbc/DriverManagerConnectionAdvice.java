package dev.sonde.instrumentation.jdbc;

import dev.sonde.bootstrap.CallDepth;
import dev.sonde.bootstrap.jdbc.JdbcHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code DriverManager.getConnection(String url, Properties info, Class<?> caller)},
 * which every public overload calls: as {@link GetConnectionAdvice}, and a call that throws (a
 * wrong password, an unreachable server) is a failed call to the database its URL names.
 */
public final class DriverManagerConnectionAdvice {

  private DriverManagerConnectionAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static boolean onEnter(@Advice.Local("depths") int[] depths) {
    depths = CallDepth.ofThread();
    return JdbcHooks.CONNECTION_DEPTH.enter(depths) == 0;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Enter boolean outermost, @Advice.Argument(0) String url,
      @Advice.Return Object connection, @Advice.Thrown Throwable error,
      @Advice.Local("depths") int[] depths) {
    JdbcHooks.CONNECTION_DEPTH.exit(depths);
    if (outermost) {
      if (connection != null) {
        JdbcHooks.hook.connectionOpened(null, connection);
      } else if (error != null) {
        JdbcHooks.hook.connectionFailed(null, url, error);
      }
    }
  }
}

package dev.sonde.instrumentation.jdbc;

import dev.sonde.bootstrap.CallDepth;
import dev.sonde.bootstrap.jdbc.JdbcHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Connection.prepareStatement(String...)} and {@code prepareCall(String...)}:
 * remembers the SQL of the statement returned by the outermost call (a pool's proxy, when there
 * is one: the object the application executes).
 */
public final class PrepareAdvice {

  private PrepareAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static boolean onEnter(@Advice.Local("depths") int[] depths) {
    depths = CallDepth.ofThread();
    return JdbcHooks.PREPARE_DEPTH.enter(depths) == 0;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Enter boolean outermost, @Advice.Argument(0) String sql,
      @Advice.Return Object statement,
      @Advice.Local("depths") int[] depths) {
    JdbcHooks.PREPARE_DEPTH.exit(depths);
    if (outermost && statement != null) {
      JdbcHooks.hook.prepared(statement, sql);
    }
  }
}

package dev.sonde.instrumentation.jdbc;

import dev.sonde.bootstrap.CallDepth;
import dev.sonde.bootstrap.jdbc.JdbcHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into a pool's own method that opens a physical connection (HikariCP's
 * {@code PoolBase.newConnection}): the {@code DataSource.getConnection} or {@code DriverManager}
 * call inside it fills the pool, it hands nothing out, so it must not count as in use. Entering
 * the call depth makes that inner call a nested one.
 */
public final class PoolConnectionAdvice {

  private PoolConnectionAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.Local("depths") int[] depths) {
    depths = CallDepth.ofThread();
    JdbcHooks.CONNECTION_DEPTH.enter(depths);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Local("depths") int[] depths) {
    JdbcHooks.CONNECTION_DEPTH.exit(depths);
  }
}

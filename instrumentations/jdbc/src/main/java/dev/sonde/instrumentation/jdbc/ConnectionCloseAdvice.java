package dev.sonde.instrumentation.jdbc;

import dev.sonde.bootstrap.jdbc.JdbcHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Connection.close()}: a connection counted as handed out stops counting (a
 * pool's proxy returning its connection to the pool included). Closing twice counts once.
 */
public final class ConnectionCloseAdvice {

  private ConnectionCloseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.This Object connection) {
    JdbcHooks.hook.connectionClosed(connection);
  }
}

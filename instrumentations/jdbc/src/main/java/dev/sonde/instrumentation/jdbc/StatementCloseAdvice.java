package dev.sonde.instrumentation.jdbc;

import dev.sonde.bootstrap.jdbc.JdbcHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Statement.close()}: forgets the statement's SQL at once, rather than when
 * the garbage collector gets to it, so the bounded map stays small under load.
 */
public final class StatementCloseAdvice {

  private StatementCloseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.This Object statement) {
    JdbcHooks.hook.statementClosed(statement);
  }
}

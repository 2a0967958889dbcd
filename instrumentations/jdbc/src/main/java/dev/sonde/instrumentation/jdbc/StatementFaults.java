package dev.sonde.instrumentation.jdbc;

import java.sql.SQLException;

/**
 * Whether a statement that threw was itself wrong rather than the database failing, by its
 * SQLState class: 22 (data exception), 23 (integrity constraint violation), 42 (syntax error or
 * access rule violation). A wrong statement is the application's error and says nothing about the
 * database's health; a lost connection (08), a timeout, too few resources (53), an operator's
 * shutdown (57) or anything else does.
 */
final class StatementFaults {

  /** How deep to look for the driver's SQLException under a pool's or framework's wrapper. */
  private static final int MAX_CAUSES = 5;

  private StatementFaults() {}

  static boolean isStatementError(Throwable error) {
    Throwable cause = error;
    for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++) {
      if (cause instanceof SQLException) {
        String state = ((SQLException) cause).getSQLState();
        if (state != null && state.length() >= 2) {
          String stateClass = state.substring(0, 2);
          return stateClass.equals("22") || stateClass.equals("23") || stateClass.equals("42");
        }
      }
      cause = cause.getCause();
    }
    return false;
  }
}

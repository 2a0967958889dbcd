package dev.sonde.instrumentation.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class StatementFaultsTest {

  @Test
  void aWrongStatementIsTheApplicationsError() {
    assertThat(StatementFaults.isStatementError(
        new SQLException("syntax error at or near \"SELEC\"", "42601"))).isTrue();
    assertThat(StatementFaults.isStatementError(
        new SQLException("duplicate key value violates unique constraint", "23505"))).isTrue();
    assertThat(StatementFaults.isStatementError(
        new SQLException("division by zero", "22012"))).isTrue();
    // Under a framework's wrapper.
    assertThat(StatementFaults.isStatementError(new RuntimeException("query failed",
        new SQLException("relation \"nope\" does not exist", "42P01")))).isTrue();
  }

  @Test
  void aFailingDatabaseIsNot() {
    assertThat(StatementFaults.isStatementError(
        new SQLException("Connection refused", "08001"))).isFalse();
    assertThat(StatementFaults.isStatementError(
        new SQLException("terminating connection due to administrator command", "57P01")))
        .isFalse();
    assertThat(StatementFaults.isStatementError(
        new SQLTransientConnectionException("Connection is not available, request timed out",
            "08003"))).isFalse();
    assertThat(StatementFaults.isStatementError(new SQLTimeoutException("timed out")))
        .as("no SQLState").isFalse();
    assertThat(StatementFaults.isStatementError(new IllegalStateException("closed"))).isFalse();
  }
}

package dev.sonde.instrumentation.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sonde.instrumentation.api.health.Dependencies;
import dev.sonde.instrumentation.api.health.DependencyWindow;
import dev.sonde.instrumentation.api.metrics.Metrics;
import dev.sonde.instrumentation.jdbc.sql.SqlStatementCache;
import io.opentelemetry.api.trace.TracerProvider;
import io.prometheus.client.CollectorRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * What the recorder feeds the database's health window, given what the advice reports on a real
 * H2 database: statements and connections handed out count as calls; a wrong statement is not the
 * database's failure, a DataSource that cannot hand out a connection is.
 */
class JdbcRecorderHealthTest {

  private final Dependencies dependencies = new Dependencies(true, 60_000);
  private final JdbcRecorder recorder = new JdbcRecorder(TracerProvider.noop().get("test"),
      new JdbcMetrics(new Metrics(new CollectorRegistry(true), new double[] {0.1, 1}, 100)),
      new SqlStatementCache(100, 2048), false, 1000, dependencies);

  private void execute(Statement statement, String sql) {
    Object scope = recorder.start(statement, sql, false);
    try {
      statement.execute(sql);
      recorder.end(scope, null);
    } catch (SQLException e) {
      recorder.end(scope, e);
    }
  }

  private DependencyWindow.Snapshot window(String name) {
    return dependencies.endpoints().stream()
        .filter(w -> (w.type() + ":" + w.endpoint()).equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(name + " not in " + dependencies.endpoints()))
        .snapshot(System.nanoTime());
  }

  @Test
  void statementsAndConnectionsAreCallsAndOnlyTheDatabasesOwnFailuresAreErrors()
      throws SQLException {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:health;DB_CLOSE_DELAY=-1");
    try (Connection connection = dataSource.getConnection()) {
      recorder.connectionOpened(dataSource, connection);
      Statement statement = connection.createStatement();
      execute(statement, "CREATE TABLE items(id INT PRIMARY KEY)");
      execute(statement, "INSERT INTO items VALUES (1)");
      // The application's mistakes: a syntax error, a duplicate key.
      execute(statement, "SELEC id FROM items");
      execute(statement, "INSERT INTO items VALUES (1)");
      recorder.connectionClosed(connection);
    }
    DependencyWindow.Snapshot calls = window("database:h2:health");
    assertThat(calls.calls).as("a connection handed out, four statements").isEqualTo(5);
    assertThat(calls.errors).isZero();
    assertThat(calls.timedCalls).as("statements are timed, connections not").isEqualTo(4);

    // The DataSource now points at a server that is not there: it cannot hand one out.
    dataSource.setURL("jdbc:h2:tcp://127.0.0.1:1/nothing-listens");
    SQLException refused = catchThrowableOfType(SQLException.class, dataSource::getConnection);
    recorder.connectionFailed(dataSource, null, refused);

    DependencyWindow.Snapshot failed = window("database:h2:health");
    assertThat(failed.calls).isEqualTo(6);
    assertThat(failed.errors).isEqualTo(1);
    assertThat(failed.lastCallFailed).isTrue();
  }

  @Test
  void aDriverManagerConnectionRefusedFailsUnderTheDatabaseItsUrlNamesNeverWithTheCredentials() {
    String url = "jdbc:postgresql://db.local:5432/shop?user=app&password=s3cret";
    recorder.connectionFailed(null, url, new SQLException(
        "FATAL: password authentication failed for user \"app\"", "28P01"));

    DependencyWindow.Snapshot calls = window("database:postgresql://db.local:5432/shop");
    assertThat(calls.calls).isEqualTo(1);
    assertThat(calls.errors).isEqualTo(1);
    assertThat(dependencies.endpoints()).as("no other_sql, no password")
        .allSatisfy(w -> assertThat(w.endpoint()).doesNotContain("other_sql", "s3cret", "app"));
  }

  @Test
  void aDataSourceNeverSeenToWorkFailsUnderTheUnknownDatabase() {
    recorder.connectionFailed(new Object(), null,
        new SQLException("Connection refused", "08001"));

    DependencyWindow.Snapshot calls = window("database:other_sql");
    assertThat(calls.calls).isEqualTo(1);
    assertThat(calls.errors).isEqualTo(1);
  }
}

package dev.sonde.instrumentation.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.instrumentation.api.health.Dependencies;
import dev.sonde.instrumentation.api.metrics.Metrics;
import dev.sonde.instrumentation.api.trace.ExceptionTexts;
import dev.sonde.instrumentation.jdbc.sql.SqlStatementCache;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.prometheus.client.CollectorRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A statement that fails on a real H2 database, whose error repeats a card number the statement
 * held: the JDBC span's exception texts show the error without it, unless the user turned that off.
 */
class JdbcRecorderErrorTextTest {

  private static final String CARD = "4111-1111-1111-1111";
  private static final String SQL = "SELECT id FROM cards WHERE id = '" + CARD + "'";

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();

  private JdbcRecorder recorder(boolean sanitizeErrors) {
    return new JdbcRecorder(SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(spans)).build().get("test"),
        new JdbcMetrics(new Metrics(new CollectorRegistry(true), new double[] {0.1, 1}, 100)),
        new SqlStatementCache(100, 2048), true, sanitizeErrors, 1000,
        new Dependencies(true, 60_000));
  }

  private Attributes exceptionOfFailingStatement(JdbcRecorder recorder) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:cards", "sa", "");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS cards (id BIGINT PRIMARY KEY)");
      Object scope = recorder.start(statement, SQL, false);
      try {
        statement.execute(SQL);
        throw new AssertionError("H2 took " + SQL);
      } catch (SQLException e) {
        assertThat(e.getMessage()).as("the driver's own message").contains(CARD);
        recorder.end(scope, e);
      }
    }
    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getAttributes().get(io.opentelemetry.api.common.AttributeKey
        .stringKey("db.query.text"))).isEqualTo("SELECT id FROM cards WHERE id = ?");
    return span.getEvents().get(0).getAttributes();
  }

  @Test
  void theLiteralADatabaseErrorRepeatsIsInNeitherTheMessageNorTheStackTrace() throws Exception {
    Attributes exception = exceptionOfFailingStatement(recorder(true));

    assertThat(exception.get(ExceptionTexts.TYPE)).isEqualTo("org.h2.jdbc.JdbcSQLDataException");
    assertThat(exception.get(ExceptionTexts.MESSAGE)).startsWith("Data conversion error")
        .contains("SELECT id FROM cards WHERE id = ?").doesNotContain("4111");
    assertThat(exception.get(ExceptionTexts.STACKTRACE))
        .startsWith("org.h2.jdbc.JdbcSQLDataException: Data conversion error")
        .contains("\tat org.h2.").containsPattern("\\(\\w+\\.java:\\d+\\)")
        .doesNotContain("4111");
  }

  @Test
  void turnedOffTheErrorIsRecordedAsTheDriverWroteIt() throws Exception {
    Attributes exception = exceptionOfFailingStatement(recorder(false));

    assertThat(exception.get(ExceptionTexts.MESSAGE)).contains(CARD);
  }
}

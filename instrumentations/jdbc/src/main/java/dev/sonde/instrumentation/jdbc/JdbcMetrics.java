package dev.sonde.instrumentation.jdbc;

import dev.sonde.instrumentation.api.metrics.BoundedSeries;
import dev.sonde.instrumentation.api.metrics.DurationHistogram;
import dev.sonde.instrumentation.api.metrics.ErrorsMetric;
import dev.sonde.instrumentation.api.metrics.Metrics;
import dev.sonde.instrumentation.api.metrics.StripedCounter;
import dev.sonde.instrumentation.api.metrics.StripedGauge;

/**
 * The JDBC metrics of the contract: {@code database_query_duration_seconds},
 * {@code database_query_errors_total} (both by {@code db_system}, {@code query_type},
 * {@code table}), {@code database_connections_active{db_system}}, and {@code errors_total} with
 * {@code component="jdbc"}.
 */
final class JdbcMetrics {

  static final String COMPONENT = "jdbc";

  private final BoundedSeries<DurationHistogram.Child> durations;
  private final BoundedSeries<StripedCounter.Child> errors;
  private final BoundedSeries<StripedGauge.Child> connections;
  private final ErrorsMetric allErrors;

  JdbcMetrics(Metrics metrics) {
    durations = metrics.register(DurationHistogram.build("database_query_duration_seconds",
            "JDBC statement executions, by database system, statement type and first table.")
        .labelNames("db_system", "query_type", "table").buckets(metrics.durationBuckets())
        .create(), "database_query_duration_seconds", 3);
    errors = metrics.register(StripedCounter.build("database_query_errors_total",
            "JDBC statement executions that threw, by database system, statement type and table.")
        .labelNames("db_system", "query_type", "table").create(),
        "database_query_errors_total", 3);
    connections = metrics.register(StripedGauge.build("database_connections_active",
            "Connections handed out by a DataSource or the DriverManager and not yet closed.")
        .labelNames("db_system").create(), "database_connections_active", 1);
    allErrors = metrics.errors();
  }

  void executed(String system, String queryType, String table, long nanos, Throwable error) {
    durations.get(system, queryType, table).observeNanos(nanos);
    if (error != null) {
      errors.get(system, queryType, table).inc();
      allErrors.record(error, COMPONENT);
    }
  }

  void connectionOpened(String system) {
    connections.get(system).inc();
  }

  void connectionClosed(String system) {
    connections.get(system).dec();
  }
}

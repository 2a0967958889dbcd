package dev.sonde.instrumentation.jdbc;

import dev.sonde.instrumentation.jdbc.sql.SqlStatement;
import io.opentelemetry.api.trace.Span;

/** One statement execution in progress: what {@link JdbcRecorder#end} needs again. */
final class JdbcCall {

  final DbInfo db;
  final SqlStatement sql;
  /** Null when the execution is not traced (no current span and no root spans). */
  final Span span;
  final long startNanos;

  JdbcCall(DbInfo db, SqlStatement sql, Span span, long startNanos) {
    this.db = db;
    this.sql = sql;
    this.span = span;
    this.startNanos = startNanos;
  }
}

package dev.sonde.instrumentation.jdbc;

import dev.sonde.instrumentation.jdbc.sql.SqlStatement;

/**
 * What the agent remembers about one statement object between calls: the SQL it was prepared
 * from, and the batch being built. JDBC statements are not shared between threads, so the batch
 * fields need no synchronization.
 */
final class StatementState {

  /** The SQL of a prepared or callable statement; null for a plain statement. */
  final SqlStatement prepared;
  int batchSize;
  /** The first SQL added to a plain statement's batch. */
  SqlStatement batchSql;

  StatementState(SqlStatement prepared) {
    this.prepared = prepared;
  }

  void clearBatch() {
    batchSize = 0;
    batchSql = null;
  }
}

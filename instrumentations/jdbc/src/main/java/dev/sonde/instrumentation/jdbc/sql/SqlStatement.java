package dev.sonde.instrumentation.jdbc.sql;

/**
 * What a span and the metrics may say about one SQL string: its sanitized text (no literal of the
 * original survives), its operation ({@code SELECT}, ...) and the first table it names.
 *
 * <p>Immutable and shared: the same instance serves every execution of the same SQL string (see
 * {@link SqlStatementCache}).
 */
public final class SqlStatement {

  /** The label value the metric contract gives what the SQL text does not tell. */
  public static final String UNKNOWN = "_unknown";

  /** What a missing statement ({@code null} SQL) is: no text, no operation, no table. */
  public static final SqlStatement EMPTY = new SqlStatement("", null, null);

  /** The sanitized text, capped at the length the parser was given; never null. */
  public final String text;
  /** The upper-case operation keyword ({@code SELECT}, {@code CALL}, ...); null when unrecognised. */
  public final String operation;
  /** The first table named, quotes removed, schema kept ({@code public.users}); null when none. */
  public final String table;

  // Made on first use and kept: a cached statement names a span on every execution, and a
  // statement parsed without the cache may never name one. A race just makes it twice (String is
  // immutable, so publishing it without a lock is safe).
  private String spanName;

  public SqlStatement(String text, String operation, String table) {
    this.text = text;
    this.operation = operation;
    this.table = table;
  }

  /** {@code SELECT users}, or {@code SELECT}; null without an operation (use the db system name). */
  public String spanName() {
    if (operation == null || table == null) {
      return operation;
    }
    String name = spanName;
    if (name == null) {
      name = operation + ' ' + table;
      spanName = name;
    }
    return name;
  }

  /** The {@code query_type} label value: the operation, or {@link #UNKNOWN}. */
  public String queryType() {
    return operation == null ? UNKNOWN : operation;
  }

  /** The {@code table} label value: the table, or {@link #UNKNOWN}. */
  public String tableLabel() {
    return table == null ? UNKNOWN : table;
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof SqlStatement)) {
      return false;
    }
    SqlStatement that = (SqlStatement) other;
    return text.equals(that.text) && equal(operation, that.operation) && equal(table, that.table);
  }

  @Override
  public int hashCode() {
    int hash = text.hashCode();
    hash = 31 * hash + (operation == null ? 0 : operation.hashCode());
    return 31 * hash + (table == null ? 0 : table.hashCode());
  }

  @Override
  public String toString() {
    return "SqlStatement{operation=" + operation + ", table=" + table + ", text=" + text + '}';
  }

  private static boolean equal(String a, String b) {
    return a == null ? b == null : a.equals(b);
  }
}

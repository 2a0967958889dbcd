package dev.sonde.instrumentation.jdbc.sql;

/**
 * The statement keywords Sonde reports as operations. Each is one shared constant, so a parsed
 * statement never allocates its operation, and the shape tracker compares them by identity.
 */
final class SqlOperations {

  static final String SELECT = "SELECT";
  static final String INSERT = "INSERT";
  static final String UPDATE = "UPDATE";
  static final String DELETE = "DELETE";
  static final String MERGE = "MERGE";
  static final String UPSERT = "UPSERT";
  static final String REPLACE = "REPLACE";
  static final String CALL = "CALL";
  static final String EXECUTE = "EXECUTE";
  static final String CREATE = "CREATE";
  static final String DROP = "DROP";
  static final String ALTER = "ALTER";
  static final String TRUNCATE = "TRUNCATE";
  static final String COMMENT = "COMMENT";
  /** Not an operation: the parser looks past the common table expressions for the real one. */
  static final String WITH = "WITH";

  /** Recognised as the first word of a statement; EXEC is reported as EXECUTE. */
  private static final String[] KEYWORDS = {
    SELECT, INSERT, UPDATE, DELETE, MERGE, UPSERT, REPLACE, CALL, EXECUTE, CREATE, DROP, ALTER,
    TRUNCATE, WITH, "BEGIN", "START", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "SET", "RESET",
    "SHOW", "USE", "EXPLAIN", "DESCRIBE", "ANALYZE", "VACUUM", "LOCK", "COPY", "DECLARE", "PREPARE",
    "DEALLOCATE", "GRANT", "REVOKE", "RENAME", COMMENT, "LISTEN", "NOTIFY", "REFRESH", "VALUES"
  };

  private SqlOperations() {}

  /** The operation constant for the keyword {@code sql[start, end)}, in any case; null if none. */
  static String of(String sql, int start, int end) {
    for (String keyword : KEYWORDS) {
      if (SqlChars.is(sql, start, end, keyword)) {
        return keyword;
      }
    }
    return SqlChars.is(sql, start, end, "EXEC") ? EXECUTE : null;
  }

  /** INSERT INTO t, UPDATE t, DELETE FROM t, MERGE INTO t, TRUNCATE TABLE t. */
  static boolean namesTableNext(String operation) {
    return operation == INSERT || operation == UPDATE || operation == DELETE || operation == MERGE
        || operation == UPSERT || operation == REPLACE || operation == TRUNCATE;
  }

  /**
   * CREATE TABLE t, DROP TABLE t, ALTER TABLE t, COMMENT ON TABLE t; the statement shape also takes
   * CREATE VIEW v and CREATE INDEX ... ON t from here.
   */
  static boolean namesTableAfterTableKeyword(String operation) {
    return operation == CREATE || operation == DROP || operation == ALTER || operation == COMMENT;
  }
}

package dev.sonde.instrumentation.jdbc.sql;

/**
 * Turns SQL as an application wrote it into what a span may carry: every literal replaced by
 * {@code ?}, comments dropped, blanks collapsed, {@code IN (?, ?, ?)} collapsed to {@code IN (?)},
 * plus the operation and the first table. One hand-written pass over the characters, no regular
 * expressions; it never throws, whatever the input.
 *
 * <p>What counts as a literal: {@code '...'} (with {@code ''} and backslash escapes, and the
 * {@code E N X B} prefixes), numbers (a leading {@code -} too when it is a sign), PostgreSQL
 * {@code $$...$$} and {@code $tag$...$tag$}. Kept: JDBC {@code ?}, {@code $1}, identifiers quoted
 * with {@code "}, backticks or brackets, and keywords such as {@code NULL} and {@code TRUE}.
 * An unclosed literal, quoted identifier or comment swallows the rest of the input, so nothing after
 * a stray quote can leak.
 *
 * <p>The trap of backslashes: MySQL reads {@code 'it\'s'} as one string, PostgreSQL (standard
 * strings) reads {@code 'C:\'} as one. This parser follows MySQL; on PostgreSQL a string ending in a
 * backslash shifts which quotes open and close literals for the rest of the statement. Likewise a
 * MySQL {@code "double-quoted string"} is kept as if it were an identifier.
 */
public final class SqlSanitizer {

  private SqlSanitizer() {}

  /**
   * Parses {@code sql}; the sanitized text is cut to {@code maxTextLength} chars (after sanitizing,
   * so the cut cannot expose a literal). Null SQL gives {@link SqlStatement#EMPTY}.
   */
  public static SqlStatement parse(String sql, int maxTextLength) {
    if (sql == null) {
      return SqlStatement.EMPTY;
    }
    StatementShape shape = new StatementShape(sql);
    String text = new SqlScanner(sql, maxTextLength, shape).scan();
    return new SqlStatement(text, shape.operation, shape.table);
  }
}

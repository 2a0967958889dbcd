package dev.sonde.instrumentation.jdbc.sql;

/** Character classes of the SQL scanner; case-insensitive keyword matching without allocating. */
final class SqlChars {

  private SqlChars() {}

  /** Control characters count as blanks too: they separate tokens and never matter in the text. */
  static boolean isSpace(char c) {
    return c <= ' ' || (c >= 0x80 && isUnicodeSpace(c));
  }

  /** Letters, {@code _}, and any non-ASCII character that is not a blank (unicode identifiers). */
  static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
        || (c >= 0x80 && !isUnicodeSpace(c));
  }

  /** {@code $} too: {@code a$b} is an identifier in PostgreSQL and Oracle. */
  static boolean isIdentifierPart(char c) {
    return c < 0x80 ? ASCII_IDENTIFIER_PART[c] : !isUnicodeSpace(c);
  }

  // A table: the scanner asks this of nearly every character.
  private static final boolean[] ASCII_IDENTIFIER_PART = new boolean[0x80];

  static {
    for (char c = 0; c < 0x80; c++) {
      ASCII_IDENTIFIER_PART[c] = isIdentifierStart(c) || isDigit(c) || c == '$';
    }
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isHexDigit(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** Whether {@code sql[start, end)} is {@code keyword} (given in upper case), ignoring case. */
  static boolean is(String sql, int start, int end, String keyword) {
    int length = keyword.length();
    return end - start == length && sql.regionMatches(true, start, keyword, 0, length);
  }

  /** Whether {@code sql[start, end)} is one of {@code keywords}, ignoring case. */
  static boolean isOneOf(String sql, int start, int end, String[] keywords) {
    for (String keyword : keywords) {
      if (is(sql, start, end, keyword)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The end (past the {@code ]}) of a SQL Server bracket identifier starting at {@code start}, or
   * -1 when the brackets are something else. Only a plain name counts ({@code [Order Details]},
   * {@code [#temp]}): {@code arr[1]} and {@code ARRAY['x']} hold literals, which must be scanned as
   * such.
   */
  static int bracketIdentifierEnd(String sql, int start) {
    int limit = Math.min(sql.length(), start + 2 + MAX_BRACKET_IDENTIFIER_LENGTH);
    int i = start + 1;
    if (i >= limit) {
      return -1;
    }
    char first = sql.charAt(i);
    if (!isIdentifierStart(first) && first != '#' && first != '@') {
      return -1;
    }
    for (i++; i < limit; i++) {
      char c = sql.charAt(i);
      if (c == ']') {
        return i + 1;
      }
      if (!isIdentifierPart(c) && c != ' ' && c != '#' && c != '@') {
        return -1;
      }
    }
    return -1;
  }

  /** SQL Server's limit; it also bounds the look-ahead, keeping the scan linear. */
  private static final int MAX_BRACKET_IDENTIFIER_LENGTH = 128;

  private static boolean isUnicodeSpace(char c) {
    return Character.isSpaceChar(c) || Character.isWhitespace(c);
  }
}

package dev.sonde.instrumentation.jdbc.sql;

import static dev.sonde.instrumentation.jdbc.sql.SqlChars.isDigit;
import static dev.sonde.instrumentation.jdbc.sql.SqlChars.isHexDigit;
import static dev.sonde.instrumentation.jdbc.sql.SqlChars.isIdentifierPart;
import static dev.sonde.instrumentation.jdbc.sql.SqlChars.isIdentifierStart;
import static dev.sonde.instrumentation.jdbc.sql.SqlChars.isOneOf;
import static dev.sonde.instrumentation.jdbc.sql.SqlChars.isSpace;

/**
 * One pass over a SQL string: writes the sanitized text and tells a {@link StatementShape} about
 * every token outside literals and comments. Single use.
 *
 * <p>The output never grows longer than the input (a literal, a comment or a run of blanks is at
 * least as long as what replaces it), so one array of {@code min(input, cap)} chars holds it. Writes
 * past the cap are counted but dropped: an {@code IN} list that starts before the cap and collapses
 * after it must rewind to the same place either way. The array is only allocated at the first
 * change: until then the output is the input's prefix, and a prepared statement with nothing to
 * replace is its own text.
 */
final class SqlScanner {

  // The kind of the last token written, which decides whether a '-' before a digit is a sign.
  private static final int NOTHING = 0;
  private static final int OPERATOR = 1; // punctuation, operators, '('
  private static final int WORD = 2; // a keyword or an identifier, quoted or not
  private static final int OPERAND = 3; // a literal, a parameter, ')' or ']'

  // Collapsing "IN (?, ?, ?)" to "IN (?)".
  private static final int NO_LIST = 0;
  private static final int AFTER_IN = 1;
  private static final int LIST_EXPECTS_VALUE = 2;
  private static final int LIST_EXPECTS_COMMA = 3;

  /** Keywords after which "-5" is a negative number, not a subtraction. */
  private static final String[] SIGN_CONTEXT_KEYWORDS = {
    "SELECT", "WHERE", "AND", "OR", "NOT", "THEN", "ELSE", "WHEN", "BETWEEN", "CASE", "RETURN",
    "LIMIT", "OFFSET", "LIKE", "IS", "HAVING", "ON", "DEFAULT", "INTERVAL", "VALUES", "SET"
  };

  private final String sql;
  private final int length;
  private final int cap;
  private final StatementShape shape;

  private char[] out; // null while the output is still sql[0, outLength)
  private int outLength; // the logical length; may exceed the cap (see the class comment)
  private boolean pendingSpace;
  private int lastKind = NOTHING;
  private int lastWordStart;
  private int lastWordEnd;
  private int listState = NO_LIST;
  private int listFirstValueEnd; // outLength just after the list's first '?'

  SqlScanner(String sql, int maxTextLength, StatementShape shape) {
    this.sql = sql;
    this.length = sql.length();
    this.cap = Math.max(0, Math.min(length, maxTextLength));
    this.shape = shape;
  }

  /** The sanitized text: trimmed, blanks collapsed, cut at the cap. */
  String scan() {
    int i = 0;
    while (i < length) {
      i = token(i, sql.charAt(i));
    }
    int textLength = Math.min(outLength, cap);
    while (textLength > 0 && endsBadly(outputAt(textLength - 1))) {
      textLength--;
    }
    if (out == null) {
      return textLength == length ? sql : sql.substring(0, textLength);
    }
    return new String(out, 0, textLength);
  }

  /** A cut may end on a blank, or between the two halves of a surrogate pair. */
  private static boolean endsBadly(char last) {
    return last == ' ' || Character.isHighSurrogate(last);
  }

  private char outputAt(int i) {
    return out == null ? sql.charAt(i) : out[i];
  }

  /** Scans the token at {@code i}; returns where the next one starts. */
  private int token(int i, char c) {
    if (isSpace(c)) {
      pendingSpace = true;
      return i + 1;
    }
    char next = i + 1 < length ? sql.charAt(i + 1) : 0;
    switch (c) {
      case '\'':
        return stringLiteral(i);
      case '"':
      case '`':
        return quotedIdentifier(i, c);
      case '[':
        return bracket(i);
      case '$':
        return dollar(i, next);
      case '?':
        jdbcParameter(i);
        return i + 1;
      case '-':
        if (next == '-') {
          return lineComment(i);
        }
        if (startsNumber(next, i + 2) && minusIsSign()) {
          return number(i + 1); // the sign goes with the literal
        }
        break;
      case '/':
        if (next == '*') {
          return blockComment(i);
        }
        break;
      case '#':
        if (next == 0 || isSpace(next)) { // MySQL "# comment"; "#tmp" and "#>" are not comments
          return lineComment(i);
        }
        break;
      case '.':
        if (isDigit(next)) {
          return number(i);
        }
        break;
      default:
        if (isDigit(c)) {
          return number(i);
        }
        if (isIdentifierStart(c)) {
          return word(i);
        }
        break;
    }
    punctuation(i, c);
    return i + 1;
  }

  /** {@code '...'} with {@code ''} and backslash escapes; an unclosed one runs to the end. */
  private int stringLiteral(int quote) {
    int i = quote + 1;
    while (i < length) {
      char c = sql.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c != '\'') {
        i++;
      } else if (i + 1 < length && sql.charAt(i + 1) == '\'') {
        i += 2;
      } else {
        i++;
        break;
      }
    }
    literal();
    return Math.min(i, length);
  }

  /** {@code "x"} or {@code `x`} (doubled to escape), kept; unclosed it may hide data: a literal. */
  private int quotedIdentifier(int start, char quote) {
    int i = start + 1;
    while (i < length) {
      if (sql.charAt(i++) == quote) {
        if (i < length && sql.charAt(i) == quote) {
          i++;
        } else {
          shape.quotedIdentifier(start);
          copy(start, i);
          afterWord(start, start); // quoted: never a keyword
          return i;
        }
      }
    }
    literal();
    return length;
  }

  private int bracket(int start) {
    int end = SqlChars.bracketIdentifierEnd(sql, start);
    if (end < 0) {
      punctuation(start, '[');
      return start + 1;
    }
    shape.quotedIdentifier(start);
    copy(start, end);
    afterWord(start, start);
    return end;
  }

  /**
   * {@code $1} is a parameter; {@code $$...$$}, {@code $tag$...$tag$} and SQL Server money
   * ({@code $5.00}) are literals.
   */
  private int dollar(int start, char next) {
    if (isDigit(next)) {
      int end = skipDigits(start + 1);
      if (end + 1 < length && sql.charAt(end) == '.' && isDigit(sql.charAt(end + 1))) {
        literal();
        return skipDigits(end + 1);
      }
      shape.value();
      copy(start, end);
      afterValue(false);
      return end;
    }
    int tagStart = start + 1;
    int tagEnd = tagStart;
    if (tagEnd < length && isIdentifierStart(sql.charAt(tagEnd))) {
      while (tagEnd < length && isIdentifierPart(sql.charAt(tagEnd)) && sql.charAt(tagEnd) != '$') {
        tagEnd++;
      }
    }
    if (tagEnd >= length || sql.charAt(tagEnd) != '$') {
      punctuation(start, '$');
      return start + 1;
    }
    int tagLength = tagEnd - tagStart;
    literal();
    for (int i = tagEnd + 1; i + tagLength + 1 < length; i++) {
      if (sql.charAt(i) == '$'
          && sql.charAt(i + tagLength + 1) == '$'
          && sql.regionMatches(i + 1, sql, tagStart, tagLength)) {
        return i + tagLength + 2;
      }
    }
    return length;
  }

  private boolean startsNumber(char c, int afterC) {
    return isDigit(c) || (c == '.' && afterC < length && isDigit(sql.charAt(afterC)));
  }

  /** After an operator, '(', ',' or a keyword like WHERE; not after an operand: {@code a-5}. */
  private boolean minusIsSign() {
    return lastKind == NOTHING
        || lastKind == OPERATOR
        || (lastKind == WORD && isOneOf(sql, lastWordStart, lastWordEnd, SIGN_CONTEXT_KEYWORDS));
  }

  /**
   * A number at {@code at}: {@code 42}, {@code 1.},
   * {@code .5}, {@code 1.5e-3}, {@code 0x1F}, {@code 0b101}. Letters right after it stay a word of
   * their own ({@code 2fa_codes} gives {@code ?fa_codes}): MySQL allows such identifiers, but Oracle's
   * {@code 15d} is a literal, and a literal must never survive.
   */
  private int number(int at) {
    int i = at;
    char first = sql.charAt(i);
    char radix = i + 1 < length ? sql.charAt(i + 1) : 0;
    char afterRadix = i + 2 < length ? sql.charAt(i + 2) : 0;
    if (first == '0' && (radix == 'x' || radix == 'X') && isHexDigit(afterRadix)) {
      i += 2;
      while (i < length && isHexDigit(sql.charAt(i))) {
        i++;
      }
    } else if (first == '0' && (radix == 'b' || radix == 'B') && isBit(afterRadix)) {
      i += 2;
      while (i < length && isBit(sql.charAt(i))) {
        i++;
      }
    } else {
      i = skipDigits(i);
      if (i < length && sql.charAt(i) == '.') {
        i = skipDigits(i + 1);
      }
      if (i < length && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
        int exponent = i + 1;
        if (exponent < length && (sql.charAt(exponent) == '+' || sql.charAt(exponent) == '-')) {
          exponent++;
        }
        if (exponent < length && isDigit(sql.charAt(exponent))) {
          i = skipDigits(exponent);
        }
      }
    }
    literal();
    return i;
  }

  private int skipDigits(int i) {
    while (i < length && isDigit(sql.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isBit(char c) {
    return c == '0' || c == '1';
  }

  /**
   * A keyword or an identifier. A lone E, N, X or B right before a quote prefixes a literal and goes
   * with it ({@code E'\n'}, {@code N'x'}, {@code X'1F'}, {@code B'101'}); so do Oracle's Q and NQ.
   */
  private int word(int start) {
    int end = start + 1;
    while (end < length && isIdentifierPart(sql.charAt(end))) {
      end++;
    }
    if (end < length && sql.charAt(end) == '\'') {
      if (end - start == 1 && isLiteralPrefix(sql.charAt(start))) {
        return stringLiteral(end);
      }
      if (SqlChars.is(sql, start, end, "Q") || SqlChars.is(sql, start, end, "NQ")) {
        return oracleQuotedLiteral(end);
      }
    }
    shape.word(start, end);
    copy(start, end);
    afterWord(start, end);
    return end;
  }

  /** {@code keywordEnd == start} for quoted identifiers, which are never keywords. */
  private void afterWord(int start, int keywordEnd) {
    listState = SqlChars.is(sql, start, keywordEnd, "IN") ? AFTER_IN : NO_LIST;
    lastKind = WORD;
    lastWordStart = start;
    lastWordEnd = keywordEnd;
  }

  /**
   * Oracle's {@code q'[it's]'}: the quote is escaped by choosing a delimiter, so the {@code '} inside
   * must not end the literal.
   */
  private int oracleQuotedLiteral(int quote) {
    literal();
    if (quote + 1 >= length) {
      return length;
    }
    char open = sql.charAt(quote + 1);
    char close = closing(open);
    for (int i = quote + 2; i + 1 < length; i++) {
      if (sql.charAt(i) == close && sql.charAt(i + 1) == '\'') {
        return i + 2;
      }
    }
    return length;
  }

  private static char closing(char open) {
    switch (open) {
      case '[': return ']';
      case '{': return '}';
      case '(': return ')';
      case '<': return '>';
      default: return open;
    }
  }

  private static boolean isLiteralPrefix(char c) {
    switch (c) {
      case 'E': case 'e': case 'N': case 'n': case 'X': case 'x': case 'B': case 'b':
        return true;
      default:
        return false;
    }
  }

  private int lineComment(int start) {
    int i = start + 1;
    while (i < length && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
      i++;
    }
    pendingSpace = true;
    return i;
  }

  /** Nested as in PostgreSQL and the standard; an unclosed one runs to the end. */
  private int blockComment(int start) {
    int depth = 1;
    int i = start + 2;
    while (i < length && depth > 0) {
      char c = sql.charAt(i);
      char next = i + 1 < length ? sql.charAt(i + 1) : 0;
      if (c == '/' && next == '*') {
        depth++;
        i += 2;
      } else if (c == '*' && next == '/') {
        depth--;
        i += 2;
      } else {
        i++;
      }
    }
    pendingSpace = true;
    return i;
  }

  private void literal() {
    shape.value();
    writeValue();
  }

  private void jdbcParameter(int at) {
    shape.symbol('?');
    copy(at, at + 1);
    afterValue(true);
  }

  /** Writes the '?' a literal becomes. */
  private void writeValue() {
    replace('?');
    afterValue(true);
  }

  private void afterValue(boolean isQuestionMark) {
    lastKind = OPERAND;
    if (listState == LIST_EXPECTS_VALUE && isQuestionMark) {
      if (listFirstValueEnd < 0) {
        listFirstValueEnd = outLength;
      }
      listState = LIST_EXPECTS_COMMA;
    } else {
      listState = NO_LIST;
    }
  }

  private void punctuation(int at, char c) {
    if (c == ')' && listState == LIST_EXPECTS_COMMA) {
      materialize();
      outLength = listFirstValueEnd; // drops ", ?, ?" and any blank before ')'
      pendingSpace = false;
    }
    if (c == '(') {
      shape.openParenthesis();
    } else if (c == ')') {
      shape.closeParenthesis();
    } else {
      shape.symbol(c);
    }
    copy(at, at + 1);
    if (c == '(' && listState == AFTER_IN) {
      listState = LIST_EXPECTS_VALUE;
      listFirstValueEnd = -1;
    } else if (c == ',' && listState == LIST_EXPECTS_COMMA) {
      listState = LIST_EXPECTS_VALUE;
    } else {
      listState = NO_LIST;
    }
    lastKind = c == ')' || c == ']' ? OPERAND : OPERATOR;
  }

  /** Writes {@code sql[start, end)}; while the output is still the input, just moves on. */
  private void copy(int start, int end) {
    if (out == null) {
      if (start == unchangedNext()) {
        pendingSpace = false;
        outLength = end;
        return;
      }
      materialize();
    }
    flushSpace();
    int stored = Math.min(end - start, cap - outLength);
    if (stored > 0) {
      sql.getChars(start, start + stored, out, outLength);
    }
    outLength += end - start;
  }

  /** Writes a char that is not the input's: the output now differs from it. */
  private void replace(char c) {
    materialize();
    flushSpace();
    if (outLength < cap) {
      out[outLength] = c;
    }
    outLength++;
  }

  /**
   * Where the next token must start for the output to stay equal to the input: right here, or
   * after exactly one ' ' when blanks are pending; -1 when anything else was skipped.
   */
  private int unchangedNext() {
    if (!pendingSpace || outLength == 0) {
      return pendingSpace ? -1 : outLength;
    }
    return sql.charAt(outLength) == ' ' ? outLength + 1 : -1;
  }

  private void materialize() {
    if (out == null) {
      out = new char[cap];
      sql.getChars(0, Math.min(outLength, cap), out, 0);
    }
  }

  /** Blanks and comments become one space, and only between tokens: the text comes out trimmed. */
  private void flushSpace() {
    if (pendingSpace) {
      pendingSpace = false;
      if (outLength > 0) {
        if (outLength < cap) {
          out[outLength] = ' ';
        }
        outLength++;
      }
    }
  }
}

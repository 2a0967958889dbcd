package dev.sonde.instrumentation.jdbc.sql;

import static dev.sonde.instrumentation.jdbc.sql.SqlChars.isDigit;
import static dev.sonde.instrumentation.jdbc.sql.SqlChars.isIdentifierPart;

import dev.sonde.instrumentation.api.trace.ExceptionTextFilter;

/**
 * A database error's text with the literals of the statement it repeats hidden, by the rule the
 * statement's own text follows: every literal becomes {@code ?}. Databases quote values with
 * {@code '} or {@code "} ({@code invalid input syntax for type bigint: "4111-1111"}, {@code
 * Duplicate entry '4111' for key ...}) or print them bare ({@code Key (card)=(4111111111111111)
 * already exists}, {@code Failing row contains (5, 4111111111111111)}), so:
 *
 * <ul>
 *   <li>a quoted text ({@code '...'} or {@code "..."}, the quote doubled or backslashed to escape
 *       it) becomes {@code ?}, unless it is a name the span's sanitized statement shows anyway
 *       ({@code relation "orderz" does not exist} for {@code SELECT * FROM orderz}); an unclosed
 *       quote hides the rest of the text; a {@code '} between two letters ({@code doesn't}) is
 *       an apostrophe, not a quote;
 *   <li>a word that starts with a digit ({@code 4111}, {@code 12.50}, {@code 3f2c8a9e}) becomes
 *       {@code ?}; digits inside a name ({@code orders_2024}, {@code Http2}) stay.
 * </ul>
 *
 * <p>So positions and error codes in the text become {@code ?} too. Used on the texts of JDBC
 * spans' exceptions ({@code exception.message}, the message lines of {@code exception.stacktrace}),
 * when they are prepared for export; one per failed statement, never throws.
 */
public final class ErrorTextSanitizer implements ExceptionTextFilter {

  private final String statementText;

  /** @param statementText the statement's sanitized text, as the span shows it ("" when none) */
  public ErrorTextSanitizer(String statementText) {
    this.statementText = statementText == null ? "" : statementText;
  }

  @Override
  public String filter(String text) {
    if (text == null) {
      return null;
    }
    int length = text.length();
    StringBuilder out = null;
    int copied = 0;
    int i = 0;
    while (i < length) {
      char c = text.charAt(i);
      int end;
      if ((c == '\'' && !isApostrophe(text, i)) || c == '"') {
        end = quoteEnd(text, i, c);
        if (end - i >= 2 && text.charAt(end - 1) == c && shown(text, i + 1, end - 1)) {
          i = end;
          continue;
        }
      } else if (isDigit(c) && (i == 0 || !isIdentifierPart(text.charAt(i - 1)))) {
        end = numberEnd(text, i);
      } else {
        i++;
        continue;
      }
      if (out == null) {
        out = new StringBuilder(length);
      }
      out.append(text, copied, i).append('?');
      copied = end;
      i = end;
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, length).toString();
  }

  /** {@code doesn't}, {@code can't}: a {@code '} between two letters opens no quote. */
  private static boolean isApostrophe(String text, int at) {
    return at > 0 && at + 1 < text.length() && Character.isLetter(text.charAt(at - 1))
        && Character.isLetter(text.charAt(at + 1));
  }

  /** Past the quote closing the one at {@code start}; the text's end when none closes it. */
  private static int quoteEnd(String text, int start, char quote) {
    int length = text.length();
    int i = start + 1;
    while (i < length) {
      char c = text.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c != quote) {
        i++;
      } else if (i + 1 < length && text.charAt(i + 1) == quote) {
        i += 2;
      } else {
        return i + 1;
      }
    }
    return length;
  }

  /** A word starting with a digit, with its decimals: {@code 4111}, {@code 12.50}, {@code 1e5}. */
  private static int numberEnd(String text, int start) {
    int length = text.length();
    int i = start;
    while (i < length) {
      char c = text.charAt(i);
      if (isIdentifierPart(c) || (c == '.' && i + 1 < length && isDigit(text.charAt(i + 1)))) {
        i++;
      } else {
        break;
      }
    }
    return i;
  }

  /**
   * Whether {@code text[start, end)} is a name (letters, digits, {@code _}, {@code $}, not starting
   * with a digit) that the statement's sanitized text shows as a word, ignoring case: the span
   * carries it already.
   */
  private boolean shown(String text, int start, int end) {
    int length = end - start;
    if (length == 0 || isDigit(text.charAt(start))) {
      return false;
    }
    for (int i = start; i < end; i++) {
      if (!isIdentifierPart(text.charAt(i))) {
        return false;
      }
    }
    String sql = statementText;
    for (int at = 0; at + length <= sql.length(); at++) {
      if (sql.regionMatches(true, at, text, start, length)
          && (at == 0 || !isIdentifierPart(sql.charAt(at - 1)))
          && (at + length == sql.length() || !isIdentifierPart(sql.charAt(at + length)))) {
        return true;
      }
    }
    return false;
  }
}

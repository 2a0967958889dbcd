package dev.sonde.instrumentation.jdbc.sql;

import static dev.sonde.instrumentation.jdbc.sql.SqlChars.is;
import static dev.sonde.instrumentation.jdbc.sql.SqlChars.isIdentifierPart;
import static dev.sonde.instrumentation.jdbc.sql.SqlChars.isIdentifierStart;
import static dev.sonde.instrumentation.jdbc.sql.SqlChars.isOneOf;

/**
 * The operation and first table of a statement, fed the tokens the {@link SqlScanner} finds outside
 * literals and comments. A small state machine: it stops listening once it knows both.
 *
 * <p>Only the main statement counts: the {@code FROM} of a {@code SELECT} is the first one at the
 * statement's own parenthesis depth, so {@code EXTRACT(YEAR FROM d)} and subqueries in the select
 * list are not mistaken for it; {@code FROM (subquery)} gives no table. A procedure is not a table:
 * {@code CALL p(?)} and {@code {call p(?)}} have operation {@code CALL} and no table.
 */
final class StatementShape {

  private static final int START = 0; // before the first keyword: skips "(", "{", "?", "="
  private static final int WITH_CLAUSE = 1; // after WITH: waiting for the main statement's keyword
  private static final int AWAIT_FROM = 2; // SELECT: waiting for its FROM
  private static final int AWAIT_TABLE_KEYWORD = 3; // CREATE/DROP/ALTER: waiting for TABLE
  private static final int TABLE_NAME = 4; // the next name, past the noise words, is the table
  private static final int DONE = 5;

  /** Words allowed between CREATE/DROP/ALTER and TABLE ({@code CREATE GLOBAL TEMPORARY TABLE}). */
  private static final int TABLE_KEYWORD_WORD_BUDGET = 6;

  /** Words that may stand between a statement keyword and its table, and are never the table. */
  private static final String[] NOT_A_TABLE = {
    "INTO", "FROM", "TABLE", "ONLY", "IF", "NOT", "EXISTS", "IGNORE", "LOW_PRIORITY", "DELAYED",
    "HIGH_PRIORITY", "QUICK", "OR", "REPLACE", "ABORT", "FAIL", "ROLLBACK", "ALL", "OVERWRITE",
    "TOP"
  };

  private static final String[] MAIN_STATEMENT_AFTER_WITH = {
    SqlOperations.SELECT, SqlOperations.INSERT, SqlOperations.UPDATE, SqlOperations.DELETE,
    SqlOperations.MERGE
  };

  private final String sql;
  private int state = START;
  private int depth;
  private int statementDepth; // the parenthesis depth of the main statement: "(SELECT ...)" is 1
  private int wordBudget;

  String operation;
  String table;

  StatementShape(String sql) {
    this.sql = sql;
  }

  /** A word outside quotes: a keyword or an unquoted identifier, {@code sql[start, end)}. */
  void word(int start, int end) {
    switch (state) {
      case START:
        startStatement(SqlOperations.of(sql, start, end));
        break;
      case WITH_CLAUSE:
        if (depth == statementDepth && isOneOf(sql, start, end, MAIN_STATEMENT_AFTER_WITH)) {
          startStatement(SqlOperations.of(sql, start, end));
        }
        break;
      case AWAIT_FROM:
        if (depth == statementDepth && is(sql, start, end, "FROM")) {
          state = TABLE_NAME;
        }
        break;
      case AWAIT_TABLE_KEYWORD:
        if (is(sql, start, end, "TABLE")) {
          state = TABLE_NAME;
        } else if (--wordBudget == 0) {
          state = DONE;
        }
        break;
      case TABLE_NAME:
        if (!isOneOf(sql, start, end, NOT_A_TABLE)) {
          name(start);
        }
        break;
      default:
        break;
    }
  }

  /** A quoted identifier starting at {@code start}: {@code "x"}, {@code `x`} or {@code [x]}. */
  void quotedIdentifier(int start) {
    if (state == TABLE_NAME) {
      name(start);
    } else if (state == START || state == AWAIT_TABLE_KEYWORD) {
      state = DONE;
    }
  }

  void openParenthesis() {
    depth++;
    if (state == START) {
      statementDepth++;
    } else if (state == TABLE_NAME || state == AWAIT_TABLE_KEYWORD) {
      state = DONE; // FROM (subquery), TOP (10): no table named here
    }
  }

  void closeParenthesis() {
    depth--;
    if (state == START || state == TABLE_NAME || state == AWAIT_TABLE_KEYWORD) {
      state = DONE;
    }
  }

  /** Punctuation, an operator, or a JDBC {@code ?}. */
  void symbol(char c) {
    if (state == START) {
      if (c != '{' && c != '?' && c != '=') { // "{call p}", "{? = call p}"
        state = DONE;
      }
    } else if (state == TABLE_NAME || state == AWAIT_TABLE_KEYWORD) {
      state = DONE;
    }
  }

  /** A literal (already replaced by {@code ?}) or a positional parameter {@code $1}. */
  void value() {
    if (state == START || state == TABLE_NAME || state == AWAIT_TABLE_KEYWORD) {
      state = DONE;
    }
  }

  private void startStatement(String keyword) {
    operation = keyword == SqlOperations.WITH ? null : keyword;
    if (keyword == null) {
      state = DONE;
    } else if (keyword == SqlOperations.WITH) {
      state = WITH_CLAUSE;
    } else if (keyword == SqlOperations.SELECT) {
      state = AWAIT_FROM;
    } else if (SqlOperations.namesTableNext(keyword)) {
      state = TABLE_NAME;
    } else if (SqlOperations.namesTableAfterTableKeyword(keyword)) {
      state = AWAIT_TABLE_KEYWORD;
      wordBudget = TABLE_KEYWORD_WORD_BUDGET;
    } else {
      state = DONE;
    }
  }

  private void name(int start) {
    table = qualifiedName(sql, start);
    state = DONE;
  }

  /**
   * The dotted name at {@code start} ({@code public.users}, {@code "public"."Users"},
   * {@code [dbo].[Users]}) with its quotes removed; null when there is none or a quote is unclosed.
   * Unquoted names are a substring of the SQL; only quoted ones need a builder.
   */
  static String qualifiedName(String sql, int start) {
    int length = sql.length();
    StringBuilder unquoted = null;
    int i = start;
    while (true) {
      int partStart = i;
      char c = sql.charAt(i);
      if (c == '[') {
        // The scanner's rule, so that "[1]" (a subscript holding a literal) never becomes a name.
        int end = SqlChars.bracketIdentifierEnd(sql, i);
        if (end < 0) {
          return null;
        }
        if (unquoted == null) {
          unquoted = new StringBuilder(32).append(sql, start, partStart);
        }
        unquoted.append(sql, i + 1, end - 1);
        i = end;
      } else if (c == '"' || c == '`') {
        if (unquoted == null) {
          unquoted = new StringBuilder(32).append(sql, start, partStart);
        }
        i++;
        while (true) {
          if (i >= length) {
            return null;
          }
          char d = sql.charAt(i++);
          if (d == c) {
            if (i < length && sql.charAt(i) == c) { // doubled: an escaped quote
              i++;
            } else {
              break;
            }
          }
          unquoted.append(d);
        }
      } else if (isIdentifierStart(c)) {
        while (i < length && isIdentifierPart(sql.charAt(i))) {
          i++;
        }
        if (unquoted != null) {
          unquoted.append(sql, partStart, i);
        }
      } else {
        return null;
      }
      if (i + 1 < length && sql.charAt(i) == '.' && startsName(sql.charAt(i + 1))) {
        if (unquoted != null) {
          unquoted.append('.');
        }
        i++;
      } else {
        break;
      }
    }
    if (unquoted == null) {
      return sql.substring(start, i);
    }
    return unquoted.length() == 0 ? null : unquoted.toString();
  }

  private static boolean startsName(char c) {
    return c == '"' || c == '`' || c == '[' || isIdentifierStart(c);
  }
}

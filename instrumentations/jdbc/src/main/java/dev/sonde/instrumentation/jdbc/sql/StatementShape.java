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
 * list are not mistaken for it; {@code FROM (subquery)} gives no table. A name followed by
 * {@code (} in the {@code FROM} list is a function ({@code generate_series(1, 3)},
 * {@code pg_catalog.pg_get_keywords()}, {@code TABLE(...)}), not a table: the table is the next
 * item of the list ({@code , t}, {@code JOIN t}), if any before {@code WHERE} and the like. A
 * procedure is not a table: {@code CALL p(?)} and {@code {call p(?)}} have operation {@code CALL}
 * and no table.
 *
 * <p>DDL names its table after {@code TABLE} ({@code CREATE}, {@code DROP}, {@code ALTER},
 * {@code COMMENT ON}), after {@code CREATE ... VIEW} (the view), and after the {@code ON} of
 * {@code CREATE INDEX} and MySQL's {@code DROP INDEX i ON t}; other objects (sequences,
 * PostgreSQL's {@code DROP INDEX i}) name no table.
 */
final class StatementShape {

  private static final int START = 0; // before the first keyword: skips "(", "{", "?", "="
  private static final int WITH_CLAUSE = 1; // after WITH: waiting for the main statement's keyword
  private static final int AWAIT_FROM = 2; // SELECT: waiting for its FROM
  private static final int AWAIT_TABLE_KEYWORD = 3; // CREATE/DROP/ALTER/COMMENT: waiting for TABLE
  private static final int TABLE_NAME = 4; // the next name, past the noise words, is the table
  private static final int DONE = 5;
  private static final int AWAIT_INDEX_ON = 6; // CREATE/DROP ... INDEX [name]: waiting for ON
  private static final int FROM_ITEM = 7; // after FROM, "," or JOIN: the next name is an item
  private static final int FROM_NAME = 8; // after an item's name, the table unless "(" follows
  private static final int FROM_NAME_DOT = 9; // the same after a '.': the name goes on
  private static final int SKIP_FROM_ITEM = 10; // after a function: waiting for "," or JOIN

  /** Words allowed between CREATE/DROP/ALTER/COMMENT and TABLE ({@code CREATE TEMP TABLE}). */
  private static final int TABLE_KEYWORD_WORD_BUDGET = 6;

  /**
   * Words counted between INDEX and ON: the seventh ends the wait, so six may stand there
   * ({@code CONCURRENTLY IF NOT EXISTS schema.name}, MySQL's {@code name USING BTREE}).
   */
  private static final int INDEX_ON_WORD_BUDGET = 7;

  /** Words that may stand between a statement keyword and its table, and are never the table. */
  private static final String[] NOT_A_TABLE = {
    "INTO", "FROM", "TABLE", "ONLY", "IF", "NOT", "EXISTS", "IGNORE", "LOW_PRIORITY", "DELAYED",
    "HIGH_PRIORITY", "QUICK", "OR", "REPLACE", "ABORT", "FAIL", "ROLLBACK", "ALL", "OVERWRITE",
    "TOP"
  };

  /** Words before a FROM item that are not its name ({@code ONLY t}, {@code LATERAL f()}). */
  private static final String[] FROM_ITEM_NOISE = {"ONLY", "LATERAL"};

  /** Words that start the next item of a FROM list (a "," does too). */
  private static final String[] NEXT_FROM_ITEM = {"JOIN", "APPLY", "STRAIGHT_JOIN"};

  /** Words that end a FROM list: no table after them is the statement's. */
  private static final String[] AFTER_FROM_LIST = {
    "WHERE", "GROUP", "HAVING", "WINDOW", "QUALIFY", "ORDER", "LIMIT", "OFFSET", "FETCH", "FOR",
    "UNION", "INTERSECT", "EXCEPT", "MINUS", "CONNECT", "START"
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
          state = FROM_ITEM;
        }
        break;
      case AWAIT_TABLE_KEYWORD:
        tableKeyword(start, end);
        break;
      case AWAIT_INDEX_ON:
        if (is(sql, start, end, "ON")) {
          state = TABLE_NAME;
        } else {
          spendWord();
        }
        break;
      case TABLE_NAME:
        if (!isOneOf(sql, start, end, NOT_A_TABLE)) {
          name(start);
        }
        break;
      case FROM_ITEM:
        if (!isOneOf(sql, start, end, FROM_ITEM_NOISE)) {
          fromItem(start);
        }
        break;
      case FROM_NAME:
        state = DONE; // "FROM t u", "FROM t WHERE"
        break;
      case FROM_NAME_DOT:
        state = FROM_NAME;
        break;
      case SKIP_FROM_ITEM:
        if (depth == statementDepth) {
          if (isOneOf(sql, start, end, NEXT_FROM_ITEM)) {
            state = FROM_ITEM;
          } else if (isOneOf(sql, start, end, AFTER_FROM_LIST)) {
            state = DONE;
          }
        }
        break;
      default:
        break;
    }
  }

  /** A quoted identifier starting at {@code start}: {@code "x"}, {@code `x`} or {@code [x]}. */
  void quotedIdentifier(int start) {
    switch (state) {
      case TABLE_NAME:
        name(start);
        break;
      case START:
      case AWAIT_TABLE_KEYWORD:
        state = DONE;
        break;
      case AWAIT_INDEX_ON:
        spendWord(); // a quoted index name
        break;
      case FROM_ITEM:
        fromItem(start);
        break;
      case FROM_NAME:
        state = DONE; // "FROM t "alias""
        break;
      case FROM_NAME_DOT:
        state = FROM_NAME;
        break;
      default:
        break;
    }
  }

  void openParenthesis() {
    depth++;
    switch (state) {
      case START:
        statementDepth++;
        break;
      case FROM_NAME:
        table = null; // a function: "FROM generate_series(1, 3)"
        state = SKIP_FROM_ITEM;
        break;
      case TABLE_NAME:
      case AWAIT_TABLE_KEYWORD:
      case AWAIT_INDEX_ON:
      case FROM_ITEM:
      case FROM_NAME_DOT:
        state = DONE; // FROM (subquery), TOP (10): no table named here
        break;
      default:
        break;
    }
  }

  void closeParenthesis() {
    depth--;
    switch (state) {
      case START:
      case TABLE_NAME:
      case AWAIT_TABLE_KEYWORD:
      case AWAIT_INDEX_ON:
      case FROM_ITEM:
      case FROM_NAME: // "(SELECT a FROM t)"
      case FROM_NAME_DOT:
        state = DONE;
        break;
      case SKIP_FROM_ITEM:
        if (depth < statementDepth) {
          state = DONE;
        }
        break;
      default:
        break;
    }
  }

  /** Punctuation, an operator, or a JDBC {@code ?}. */
  void symbol(char c) {
    switch (state) {
      case START:
        if (c != '{' && c != '?' && c != '=') { // "{call p}", "{? = call p}"
          state = DONE;
        }
        break;
      case TABLE_NAME:
      case AWAIT_TABLE_KEYWORD:
      case FROM_ITEM:
      case FROM_NAME_DOT:
        state = DONE;
        break;
      case AWAIT_INDEX_ON:
        if (c != '.') { // "CREATE INDEX schema.name ON t" (H2)
          state = DONE;
        }
        break;
      case FROM_NAME:
        state = c == '.' ? FROM_NAME_DOT : DONE; // "FROM s.t", "FROM t1, t2", "FROM t;"
        break;
      case SKIP_FROM_ITEM:
        if (c == ',' && depth == statementDepth) {
          state = FROM_ITEM;
        }
        break;
      default:
        break;
    }
  }

  /** A literal (already replaced by {@code ?}) or a positional parameter {@code $1}. */
  void value() {
    switch (state) {
      case START:
      case TABLE_NAME:
      case AWAIT_TABLE_KEYWORD:
      case AWAIT_INDEX_ON:
      case FROM_ITEM:
      case FROM_NAME:
      case FROM_NAME_DOT:
        state = DONE;
        break;
      default:
        break;
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

  /** A word after CREATE, DROP, ALTER or COMMENT, before the kind of object is known. */
  private void tableKeyword(int start, int end) {
    if (is(sql, start, end, "TABLE")
        || (operation == SqlOperations.CREATE && is(sql, start, end, "VIEW"))) {
      state = TABLE_NAME;
    } else if (is(sql, start, end, "INDEX")) {
      if (operation == SqlOperations.CREATE || operation == SqlOperations.DROP) {
        state = AWAIT_INDEX_ON;
        wordBudget = INDEX_ON_WORD_BUDGET;
      } else {
        state = DONE; // ALTER INDEX, COMMENT ON INDEX: no table is named
      }
    } else {
      spendWord();
    }
  }

  private void spendWord() {
    if (--wordBudget == 0) {
      state = DONE;
    }
  }

  /**
   * The name of a FROM item is the table until a {@code (} right after it (its dotted parts are
   * the tokens that follow) makes it a function; setting it now spares remembering where it starts.
   */
  private void fromItem(int start) {
    table = qualifiedName(sql, start);
    state = FROM_NAME;
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

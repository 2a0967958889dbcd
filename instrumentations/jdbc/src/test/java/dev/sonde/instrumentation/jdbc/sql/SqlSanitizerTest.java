package dev.sonde.instrumentation.jdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlSanitizerTest {

  private static final int NO_CAP = 100_000;

  static Stream<Arguments> sanitizedText() {
    return Stream.of(
        // unchanged
        same("SELECT * FROM users WHERE id = ?"),
        same("SELECT t2.col3, col_1, x2y, a$b FROM table1 t2"),
        same("WHERE a = TRUE AND b IS NULL AND c = false"),
        same("SELECT \"Col 1\", `x`, [Order Details], \"a\"\"b\" FROM \"T\""),
        same("WHERE a = $1 AND b = $2"),
        same("SELECT data #> ? FROM t"),
        same("SELECT * FROM #tmp WHERE @p1 = a"),

        // string literals
        sanitizes("SELECT * FROM users WHERE name = 'bob'", "SELECT * FROM users WHERE name = ?"),
        sanitizes("WHERE a = 'say \"hi\"' AND b = ?", "WHERE a = ? AND b = ?"),
        sanitizes("WHERE a = 'it''s' AND b = 'x'", "WHERE a = ? AND b = ?"),
        sanitizes("WHERE a = 'it\\'s' AND b = 'x'", "WHERE a = ? AND b = ?"),
        sanitizes("WHERE a = 'C:\\\\' AND b = 2", "WHERE a = ? AND b = ?"),
        sanitizes("WHERE a = '' AND b = ''''", "WHERE a = ? AND b = ?"),
        sanitizes("WHERE a = E'line\\nnext\\'' AND b = 2", "WHERE a = ? AND b = ?"),
        sanitizes("VALUES (N'x', X'1F', b'0101', n'y', e'z')", "VALUES (?, ?, ?, ?, ?)"),
        sanitizes("WHERE e = 'x'", "WHERE e = ?"),
        sanitizes("SELECT _utf8mb4'x'", "SELECT _utf8mb4?"),
        sanitizes("WHERE a = q'[it's]' AND b = nQ'{x}'", "WHERE a = ? AND b = ?"),
        sanitizes("WHERE a = '--x' AND b = '/*'", "WHERE a = ? AND b = ?"),
        sanitizes("SELECT '1'::int, {ts '2024-01-01 10:00:00'}", "SELECT ?::int, {ts ?}"),

        // dollar quoting, parameters, money
        sanitizes("SELECT $$it's$$", "SELECT ?"),
        sanitizes("SELECT $fn$ a $$ b $ c $fn$, 1", "SELECT ?, ?"),
        sanitizes("SELECT $a$ x $b$ y $b$ z $a$ FROM t", "SELECT ? FROM t"),
        sanitizes("SELECT $x$ it's $X$ still $x$ FROM t", "SELECT ? FROM t"),
        sanitizes("WHERE price = $5.25 AND id = $3", "WHERE price = ? AND id = $3"),

        // comments
        sanitizes("SELECT a -- secret 'x'\nFROM t", "SELECT a FROM t"),
        sanitizes("SELECT a -- secret\r\nFROM t", "SELECT a FROM t"),
        sanitizes("SELECT /* 'x' */ a FROM t", "SELECT a FROM t"),
        sanitizes("SELECT a/**/FROM t", "SELECT a FROM t"),
        sanitizes("SELECT /* a /* b */ still comment */ a", "SELECT a"),
        sanitizes("SELECT a /* 'x", "SELECT a"),
        sanitizes("-- don't\nSELECT 1", "SELECT ?"),
        sanitizes("/* it's */ SELECT 1 /*+ INDEX(t) */", "SELECT ?"),
        sanitizes("SELECT a # note 'x'\nFROM t", "SELECT a FROM t"),

        // numbers
        sanitizes("WHERE a = 42 AND b = 1.5 AND c = .5 AND d = 1.", "WHERE a = ? AND b = ? AND c = ? AND d = ?"),
        sanitizes("WHERE a = 1.5e-3 AND b = 2E+10 AND c = 7e2", "WHERE a = ? AND b = ? AND c = ?"),
        sanitizes("WHERE a = 0x1F AND b = 0XFF AND c = 0b101", "WHERE a = ? AND b = ? AND c = ?"),
        sanitizes("SELECT 15d, 2fa_codes FROM t", "SELECT ?d, ?fa_codes FROM t"),

        // signs versus subtraction
        sanitizes("WHERE a = -5", "WHERE a = ?"),
        sanitizes("WHERE a = -.5 OR b = -1e3", "WHERE a = ? OR b = ?"),
        sanitizes("SELECT a-5, a - 5, (a)-1, \"x\"-2 FROM t", "SELECT a-?, a - ?, (a)-?, \"x\"-? FROM t"),
        sanitizes("SELECT -1, f(-2), a*-3", "SELECT ?, f(?), a*?"),
        sanitizes("WHERE a BETWEEN -5 AND -1", "WHERE a BETWEEN ? AND ?"),
        sanitizes("WHERE -5 < a", "WHERE ? < a"),
        sanitizes("SET x = -1", "SET x = ?"),
        sanitizes("SELECT a FROM t LIMIT -1", "SELECT a FROM t LIMIT ?"),

        // IN lists
        sanitizes("WHERE id IN (1, 2, 3)", "WHERE id IN (?)"),
        sanitizes("WHERE id IN (?, 'a', -3)", "WHERE id IN (?)"),
        sanitizes("WHERE id NOT IN (1,2) AND x in(?,?)", "WHERE id NOT IN (?) AND x in(?)"),
        sanitizes("WHERE id IN ( ? , ? )", "WHERE id IN ( ?)"),
        sanitizes("WHERE id IN ( ? )", "WHERE id IN ( ?)"),
        sanitizes("WHERE id IN /* c */ (?, ? /* c */, ?)", "WHERE id IN (?)"),
        same("WHERE id IN (SELECT id FROM t)"),
        same("WHERE id IN ($1, $2)"),
        same("WHERE id IN (?, NULL)"),
        same("WHERE id IN ()"),
        same("INSERT INTO t VALUES (?, ?)"),
        same("SELECT f(?, ?)"),

        // blanks
        sanitizes("SELECT\n\t a ,\r\n b   FROM  t", "SELECT a , b FROM t"),
        sanitizes("  \n SELECT 1 \t\n ", "SELECT ?"),
        sanitizes("SELECT\u00a0a\u2003FROM t", "SELECT a FROM t"),
        sanitizes("SELECT a FROM t -- trailing", "SELECT a FROM t"),
        sanitizes("SELECT a FROM t \n", "SELECT a FROM t"),
        sanitizes("SELECT a  FROM t", "SELECT a FROM t"),
        sanitizes("SELECT a\nFROM t", "SELECT a FROM t"),

        // brackets: identifiers, or subscripts holding literals
        sanitizes("SELECT arr[1], ARRAY['x'], m[k] FROM t", "SELECT arr[?], ARRAY[?], m[k] FROM t"),

        // unicode
        sanitizes("SELECT café FROM naïve WHERE x = 'Zoë 🎉' AND y = '日本語'", "SELECT café FROM naïve WHERE x = ? AND y = ?"),
        same("SELECT 名前 FROM ユーザー"),

        // garbage
        sanitizes("'''", "?"),
        sanitizes("'", "?"),
        sanitizes("$$", "?"),
        sanitizes("$$ never closed", "?"),
        sanitizes("/*", ""),
        sanitizes("--", ""),
        sanitizes("\"unterminated", "?"),
        sanitizes("SELECT \"unterminated FROM t", "SELECT ?"),
        sanitizes("SELECT `x FROM t", "SELECT ?"),
        sanitizes("SELECT 'abc\\", "SELECT ?"),
        sanitizes("0x", "?x"),
        sanitizes("q'", "?"),
        sanitizes("q'[never", "?"),
        same("$"),
        same("*/"),
        same(")("),
        same("-"),
        same("."),
        same("[")
    );
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource
  void sanitizedText(String sql, String expected) {
    assertThat(SqlSanitizer.parse(sql, NO_CAP).text).isEqualTo(expected);
  }

  @Test
  void inListsOfAnyLengthGiveTheSameText() {
    String one = SqlSanitizer.parse("SELECT * FROM t WHERE id IN (?) AND s = 'a'", NO_CAP).text;
    String three = SqlSanitizer.parse("SELECT * FROM t WHERE id IN (?, ?, ?) AND s = 'b'", NO_CAP).text;
    String literals = SqlSanitizer.parse("SELECT * FROM t WHERE id IN (1, 22, 333, 4444) AND s = 'c'", NO_CAP).text;

    assertThat(one).isEqualTo(three).isEqualTo(literals).isEqualTo("SELECT * FROM t WHERE id IN (?) AND s = ?");
  }

  @Test
  void unchangedSqlIsReturnedItselfNotACopy() {
    String sql = "SELECT id FROM users WHERE id = ?";
    assertThat(SqlSanitizer.parse(sql, NO_CAP).text).isSameAs(sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", " \n\t\r ", "-- only a comment", "/* only */ /* comments */"})
  void blankSqlGivesEmptyText(String sql) {
    SqlStatement statement = SqlSanitizer.parse(sql, NO_CAP);
    assertThat(statement.text).isEmpty();
    assertThat(statement.operation).isNull();
    assertThat(statement.table).isNull();
  }

  @Test
  void nullSqlGivesTheEmptyStatement() {
    SqlStatement statement = SqlSanitizer.parse(null, NO_CAP);
    assertThat(statement.text).isEmpty();
    assertThat(statement.operation).isNull();
    assertThat(statement.table).isNull();
  }

  @Test
  void longTextIsCutAtTheLimitAfterSanitizing() {
    StringBuilder sql = new StringBuilder("SELECT * FROM t WHERE a = 'a very long secret value'");
    for (int i = 0; i < 10_000; i++) {
      sql.append(" OR b = ").append(i);
    }
    SqlStatement statement = SqlSanitizer.parse(sql.toString(), 40);

    assertThat(statement.text).isEqualTo("SELECT * FROM t WHERE a = ? OR b = ? OR");
    assertThat(statement.operation).isEqualTo("SELECT");
    assertThat(statement.table).isEqualTo("t");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT * FROM t WHERE id IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10) AND name = 'x' ORDER BY id",
      "SELECT a, 'lit' , b  FROM t -- c\n WHERE x IN ( ?, ? ) AND y = -5",
      "SELECT a, b FROM t WHERE id IN (?, ?, ?) AND c = ? -- x",
      "SELECT \"q\", [b c], `d` FROM t WHERE z = $tag$ x $tag$ AND k = 'Zoë 🎉' AND é = 1 🎉",
  })
  void aCapCutsTheUncappedTextAtAnyLength(String sql) {
    String full = SqlSanitizer.parse(sql, NO_CAP).text;
    for (int cap = 0; cap <= full.length() + 2; cap++) {
      String expected = full.substring(0, Math.min(cap, full.length()));
      // Never a blank or half a surrogate pair at the end.
      while (expected.endsWith(" ") || (!expected.isEmpty() && Character.isHighSurrogate(expected.charAt(expected.length() - 1)))) {
        expected = expected.substring(0, expected.length() - 1);
      }
      assertThat(SqlSanitizer.parse(sql, cap).text).as("cap %d", cap).isEqualTo(expected);
    }
  }

  static Stream<String> secrets() {
    return Stream.of(
        "SELECT * FROM cards WHERE pan = 4111111111111111 AND pin = 's3cr3t'",
        "SELECT * FROM cards WHERE pan = -4111111111111111 OR pan=4111111111111111",
        "SELECT * FROM cards WHERE pan IN (4111111111111111, 's3cr3t')",
        "UPDATE u SET p = 's3cr3t' -- set to 's3cr3t'\n WHERE id = 4111111111111111",
        "UPDATE u SET p = E's3\\'cr3t', q = 'x''s3cr3t''x' /* s3cr3t */",
        "INSERT INTO u VALUES ('it\\'s s3cr3t', N's3cr3t', X'4111111111111111', $$s3cr3t$$)",
        "INSERT INTO u VALUES ($k$ $$ s3cr3t $$ $k$, q'[s3cr3t's]', 4111111111111111e0)",
        "SELECT 's3cr3t",
        "SELECT \"a\" FROM t WHERE p = 's3cr3t'''",
        "SELECT /* unterminated 's3cr3t' 4111111111111111",
        "SELECT $$ 's3cr3t' 4111111111111111",
        "SELECT a FROM t WHERE p = 0x4111111111111111 AND q = 4111111111111111.5",
        "SELECT a FROM t WHERE p = .4111111111111111 AND q = $4111111111111111.00",
        "SELECT 's3cr3t' FROM t WHERE \"unterminated 4111111111111111",
        "SELECT a FROM t WHERE p = 'a' 's3cr3t' AND x = ARRAY['s3cr3t'][4111111111111111]",
        "SELECT a FROM t WHERE p = '\n\ts3cr3t\n' -- 's3cr3t'");
  }

  @ParameterizedTest
  @MethodSource("secrets")
  void noLiteralSurvives(String sql) {
    for (int cap : new int[] {NO_CAP, 20, 35, 50}) {
      SqlStatement statement = SqlSanitizer.parse(sql, cap);
      assertThat(statement.text).doesNotContain("s3cr3t", "cr3", "4111", "1111");
      assertThat(statement.tableLabel()).doesNotContain("s3cr3t", "cr3", "4111", "1111");
    }
  }

  /**
   * Random statements of well-formed tokens whose literals all hold the marker: the marker must
   * never reach the text, and the parser must never throw on any prefix of them (unclosed everything).
   */
  @Test
  void randomStatementsLeakNoLiteral() {
    Random random = new Random(42);
    for (int n = 0; n < 3_000; n++) {
      String sql = randomStatement(random);
      assertThat(SqlSanitizer.parse(sql, NO_CAP).text).as(sql).doesNotContain("ZQ9");
      int cut = random.nextInt(sql.length() + 1);
      SqlStatement prefix = SqlSanitizer.parse(sql.substring(0, cut), 64);
      assertThat(prefix.text.length()).isLessThanOrEqualTo(64);
      assertThat(prefix.text).doesNotContain("ZQ9");
    }
  }

  private static final String[] PLAIN_TOKENS = {
    "SELECT", "FROM", "WHERE", "IN", "(", ")", ",", "=", "-", "+", "*", "a", "t1", "\"Q\"", "[x y]",
    "`b`", "?", "$1", "NULL", "--c\n", "/* c */", ".", "::", "AND", "e", "N", "q"
  };

  private static String randomStatement(Random random) {
    StringBuilder sql = new StringBuilder();
    int tokens = 1 + random.nextInt(25);
    for (int i = 0; i < tokens; i++) {
      if (random.nextInt(3) == 0) {
        sql.append(randomLiteral(random));
      } else {
        sql.append(PLAIN_TOKENS[random.nextInt(PLAIN_TOKENS.length)]);
      }
      sql.append(random.nextBoolean() ? " " : "\n");
    }
    return sql.toString();
  }

  private static String randomLiteral(Random random) {
    String marker = "ZQ9";
    switch (random.nextInt(9)) {
      case 0: return "'" + marker + "''" + marker + "'";
      case 1: return "'" + marker + "\\'" + marker + "\\\\'";
      case 2: return "E'" + marker + "\\n'";
      case 3: return "$$" + marker + " $ '" + marker + "$$";
      case 4: return "$t$" + marker + "$$" + marker + "$t$";
      case 5: return "-" + (1 + random.nextInt(9)) + "9" + (random.nextBoolean() ? ".5e-3" : "");
      case 6: return "q'[" + marker + "']'";
      case 7: return "N'" + marker + "'";
      default: return "'-- /* " + marker + " \" ` [ $$'";
    }
  }

  @Test
  void digitsOfNumbersNeverSurvive() {
    // ZQ9 above checks string literals; numbers are checked with a digit-only marker here.
    List<String> numbers = new ArrayList<>(List.of("987654", "-987654", "9876.54", ".987654", "987654e3", "0x987654"));
    for (String number : numbers) {
      for (String context : List.of("SELECT %s", "WHERE a = %s", "WHERE a IN (%s, %s)", "f(%s)", "a-%s", "x=%s;", "[%s]")) {
        String sql = context.replace("%s", number);
        assertThat(SqlSanitizer.parse(sql, NO_CAP).text).as(sql).doesNotContain("9876").doesNotContain("7654");
      }
    }
  }

  private static Arguments sanitizes(String sql, String text) {
    return arguments(sql, text);
  }

  private static Arguments same(String sql) {
    return arguments(sql, sql);
  }
}

package dev.sonde.instrumentation.jdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A database's error text keeps what it says about the statement and loses the values it
 * repeats, as the statement's own text does: every literal becomes {@code ?}.
 */
class ErrorTextSanitizerTest {

  private static String sanitized(String sql, String message) {
    return new ErrorTextSanitizer(SqlSanitizer.parse(sql, 2048).text).filter(message);
  }

  @Test
  void aPostgresqlValueInDoubleQuotesAndThePositionBecomeQuestionMarks() {
    assertThat(sanitized("SELECT name FROM users WHERE id = '4111-1111-1111-1111'",
        "ERROR: invalid input syntax for type bigint: \"4111-1111-1111-1111\"\n  Position: 35"))
        .isEqualTo("ERROR: invalid input syntax for type bigint: ?\n  Position: ?");
  }

  @Test
  void valuesPrintedBareInTheDetailBecomeQuestionMarks() {
    assertThat(sanitized("INSERT INTO cards (id, number) VALUES (5, '4111111111111111')",
        "ERROR: duplicate key value violates unique constraint \"cards_number_key\"\n"
            + "  Detail: Key (number)=(4111111111111111) already exists."))
        .isEqualTo("ERROR: duplicate key value violates unique constraint ?\n"
            + "  Detail: Key (number)=(?) already exists.");
    assertThat(sanitized("INSERT INTO cards (id, number) VALUES (5, NULL)",
        "Detail: Failing row contains (5, 4111111111111111, null, 12.50)."))
        .isEqualTo("Detail: Failing row contains (?, ?, null, ?).");
  }

  @Test
  void aNameTheSpansQueryTextShowsStaysQuotedAndReadable() {
    assertThat(sanitized("SELECT * FROM orderz", "ERROR: relation \"orderz\" does not exist"))
        .isEqualTo("ERROR: relation \"orderz\" does not exist");
    assertThat(sanitized("SELECT Nme FROM users", "ERROR: column \"nme\" does not exist"))
        .as("PostgreSQL folds unquoted names to lower case").isEqualTo(
            "ERROR: column \"nme\" does not exist");
    assertThat(sanitized("SELECT * FROM users WHERE name = 'orderz'",
        "ERROR: relation \"orderz\" does not exist"))
        .as("a literal is not a name of the sanitized text").isEqualTo(
            "ERROR: relation ? does not exist");
  }

  @Test
  void mysqlSingleQuotesAreLiteralsAndApostrophesAreNot() {
    assertThat(sanitized("INSERT INTO users VALUES (4111, 'x')",
        "Duplicate entry '4111' for key 'users.PRIMARY'"))
        .isEqualTo("Duplicate entry ? for key ?");
    assertThat(sanitized("SELECT * FROM orderz", "Table 'shop.orderz' doesn't exist"))
        .isEqualTo("Table ? doesn't exist");
    assertThat(sanitized("SELECT 1", "Data too long: 'it''s \\' 4111'")).isEqualTo(
        "Data too long: ?");
  }

  @Test
  void h2EchoingTheWholeStatementHasItsLiteralsHidden() {
    String sql = "SELECT * FROM items WHERE id = '4111-1111-1111-1111' AND name = 'pin 1234'";
    String message = "Data conversion error converting \"'4111-1111-1111-1111' (ITEMS: \"\"ID\"\" BIGINT)\";"
        + " SQL statement:\n" + sql + " [22018-252]";
    assertThat(sanitized(sql, message)).isEqualTo("Data conversion error converting ?;"
        + " SQL statement:\nSELECT * FROM items WHERE id = ? AND name = ? [?-?]");
  }

  @Test
  void anUnclosedQuoteHidesTheRestAndNamesWithDigitsStay() {
    assertThat(sanitized("SELECT 1", "syntax error at or near \"4111 1111 and the rest"))
        .isEqualTo("syntax error at or near ?");
    assertThat(sanitized("SELECT 1", "relation orders_2024 in schema s3 on Http2 node"))
        .isEqualTo("relation orders_2024 in schema s3 on Http2 node");
  }

  @Test
  void aTextWithNothingToHideIsReturnedItself() {
    String message = "ERROR: permission denied for table users";
    assertThat(new ErrorTextSanitizer("SELECT * FROM users").filter(message)).isSameAs(message);
    assertThat(new ErrorTextSanitizer(null).filter(null)).isNull();
  }
}

package dev.sonde.instrumentation.jdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SqlStatementTest {

  static Stream<Arguments> operationAndTable() {
    return Stream.of(
        // SELECT: the FROM of the main statement
        arguments("SELECT * FROM users", "SELECT", "users"),
        arguments("select u.id from users u join orders o on o.user_id = u.id", "SELECT", "users"),
        arguments("SELECT a, b FROM t1, t2 WHERE t1.id = t2.id", "SELECT", "t1"),
        arguments("SELECT * FROM public.users", "SELECT", "public.users"),
        arguments("SELECT * FROM \"public\".\"Users\"", "SELECT", "public.Users"),
        arguments("SELECT * FROM public.\"Users\" u", "SELECT", "public.Users"),
        arguments("SELECT * FROM `shop`.`orders`", "SELECT", "shop.orders"),
        arguments("SELECT * FROM [dbo].[Order Details]", "SELECT", "dbo.Order Details"),
        arguments("SELECT * FROM \"we\"\"ird\"", "SELECT", "we\"ird"),
        arguments("SELECT * FROM ONLY parent", "SELECT", "parent"),
        arguments("SELECT EXTRACT(YEAR FROM created) FROM events", "SELECT", "events"),
        arguments("SELECT (SELECT max(id) FROM b) AS m FROM a", "SELECT", "a"),
        arguments("SELECT * FROM (SELECT * FROM t) x", "SELECT", null),
        arguments("SELECT 1", "SELECT", null),
        arguments("SELECT NOW()", "SELECT", null),
        arguments("SELECT 'FROM x'", "SELECT", null),
        arguments("SELECT 1 FROM DUAL", "SELECT", "DUAL"),
        arguments("SELECT * FROM x.[1]", "SELECT", null),

        // INSERT, UPDATE, DELETE, MERGE
        arguments("INSERT INTO orders (id) VALUES (?)", "INSERT", "orders"),
        arguments("insert into orders(id) values (?)", "INSERT", "orders"),
        arguments("INSERT IGNORE INTO t VALUES (1)", "INSERT", "t"),
        arguments("INSERT OR REPLACE INTO t VALUES (1)", "INSERT", "t"),
        arguments("INSERT t VALUES (1)", "INSERT", "t"),
        arguments("INSERT INTO app.t SELECT * FROM u", "INSERT", "app.t"),
        arguments("REPLACE INTO t VALUES (1)", "REPLACE", "t"),
        arguments("UPDATE users SET name = ? WHERE id = ?", "UPDATE", "users"),
        arguments("update LOW_PRIORITY users set a = 1", "UPDATE", "users"),
        arguments("UPDATE TOP (10) t SET a = 1", "UPDATE", null),
        arguments("DELETE FROM sessions WHERE expires < ?", "DELETE", "sessions"),
        arguments("DELETE sessions WHERE id = 1", "DELETE", "sessions"),
        arguments("MERGE INTO stock s USING arrivals a ON s.id = a.id", "MERGE", "stock"),

        // WITH: the main statement after the common table expressions
        arguments("WITH recent AS (SELECT * FROM orders WHERE d > ?) SELECT * FROM recent", "SELECT", "recent"),
        arguments("WITH RECURSIVE n(i) AS (VALUES (1) UNION ALL SELECT i + 1 FROM n) SELECT sum(i) FROM n", "SELECT", "n"),
        arguments("WITH gone AS (DELETE FROM a RETURNING *) INSERT INTO b SELECT * FROM gone", "INSERT", "b"),
        arguments("with x as (select 1), y as materialized (select 2) update z set a = 1", "UPDATE", "z"),
        arguments("WITH x AS (SELECT 1)", null, null),

        // what comes first
        arguments("  /* leading */ -- comment\n SELECT * FROM t", "SELECT", "t"),
        arguments("(SELECT a FROM t1) UNION (SELECT a FROM t2)", "SELECT", "t1"),
        arguments("((SELECT a FROM t1))", "SELECT", "t1"),
        arguments("sElEcT * fRoM Mixed", "SELECT", "Mixed"),

        // procedures: CALL, no table
        arguments("{call get_user(?)}", "CALL", null),
        arguments("{ ? = call get_user(?) }", "CALL", null),
        arguments("CALL app.get_user(?)", "CALL", null),
        arguments("EXEC sp_who", "EXECUTE", null),

        // DDL: a table only for ... TABLE
        arguments("CREATE TABLE IF NOT EXISTS app.events (id bigint)", "CREATE", "app.events"),
        arguments("CREATE GLOBAL TEMPORARY TABLE tmp (id int)", "CREATE", "tmp"),
        arguments("CREATE INDEX idx ON t (a)", "CREATE", null),
        arguments("CREATE VIEW v AS SELECT a FROM t WHERE a IS NOT NULL AND b IS NULL", "CREATE", null),
        arguments("DROP TABLE IF EXISTS t", "DROP", "t"),
        arguments("DROP VIEW v", "DROP", null),
        arguments("ALTER TABLE t ADD COLUMN c int", "ALTER", "t"),
        arguments("ALTER TABLE IF EXISTS ONLY t ADD c int", "ALTER", "t"),
        arguments("TRUNCATE TABLE logs", "TRUNCATE", "logs"),
        arguments("truncate logs", "TRUNCATE", "logs"),

        // the rest: operation only
        arguments("BEGIN", "BEGIN", null),
        arguments("commit", "COMMIT", null),
        arguments("ROLLBACK TO SAVEPOINT s", "ROLLBACK", null),
        arguments("SET search_path TO app", "SET", null),
        arguments("SHOW TABLES", "SHOW", null),
        arguments("EXPLAIN SELECT * FROM t", "EXPLAIN", null),

        // nothing recognised
        arguments("frobnicate the database", null, null),
        arguments("'SELECT'", null, null),
        arguments("42", null, null),
        arguments("", null, null));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource
  void operationAndTable(String sql, String operation, String table) {
    SqlStatement statement = SqlSanitizer.parse(sql, 1000);
    assertThat(statement.operation).as("operation").isEqualTo(operation);
    assertThat(statement.table).as("table").isEqualTo(table);
  }

  @Test
  void spanNameIsOperationAndTable() {
    assertThat(SqlSanitizer.parse("SELECT * FROM users", 100).spanName()).isEqualTo("SELECT users");
    assertThat(SqlSanitizer.parse("SELECT 1", 100).spanName()).isEqualTo("SELECT");
    assertThat(SqlSanitizer.parse("frobnicate", 100).spanName()).isNull();
  }

  @Test
  void labelsAreNeverNull() {
    SqlStatement nothing = SqlSanitizer.parse("frobnicate", 100);
    assertThat(nothing.queryType()).isEqualTo("_unknown");
    assertThat(nothing.tableLabel()).isEqualTo("_unknown");

    SqlStatement select = SqlSanitizer.parse("select * from public.users", 100);
    assertThat(select.queryType()).isEqualTo("SELECT");
    assertThat(select.tableLabel()).isEqualTo("public.users");
  }

  @Test
  void theTableIsKeptEvenWhenTheTextIsCut() {
    SqlStatement statement = SqlSanitizer.parse("SELECT a, b, c FROM orders", 8);
    assertThat(statement.text).isEqualTo("SELECT a");
    assertThat(statement.table).isEqualTo("orders");
  }

  @Test
  void equalStatementsAreEqual() {
    assertThat(SqlSanitizer.parse("SELECT * FROM t WHERE a = 1", 100))
        .isEqualTo(SqlSanitizer.parse("SELECT  *  FROM t WHERE a = 2", 100))
        .isEqualTo(new SqlStatement("SELECT * FROM t WHERE a = ?", "SELECT", "t"))
        .hasSameHashCodeAs(new SqlStatement("SELECT * FROM t WHERE a = ?", "SELECT", "t"))
        .isNotEqualTo(new SqlStatement("SELECT * FROM t WHERE a = ?", "SELECT", null));
  }
}

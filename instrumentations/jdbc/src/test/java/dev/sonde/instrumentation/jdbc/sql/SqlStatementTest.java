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

        // DDL (more in ddlNamesItsTable)
        arguments("CREATE TABLE IF NOT EXISTS app.events (id bigint)", "CREATE", "app.events"),
        arguments("CREATE GLOBAL TEMPORARY TABLE tmp (id int)", "CREATE", "tmp"),
        arguments("CREATE INDEX idx ON t (a)", "CREATE", "t"),
        arguments("CREATE VIEW v AS SELECT a FROM t WHERE a IS NOT NULL AND b IS NULL", "CREATE", "v"),
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
    assertOperationAndTable(sql, operation, table);
  }

  /** DDL names the table it creates, changes or drops; a view is the table CREATE VIEW names. */
  static Stream<Arguments> ddlNamesItsTable() {
    return Stream.of(
        // CREATE INDEX: the table after ON; PostgreSQL and H2 allow leaving the index unnamed
        arguments("CREATE INDEX ON vets (last_name)", "CREATE", "vets"),
        arguments("create index on vets(last_name)", "CREATE", "vets"),
        arguments("CREATE INDEX vets_last_name ON vets (last_name)", "CREATE", "vets"),
        arguments("CREATE UNIQUE INDEX ux ON public.owners (email)", "CREATE", "public.owners"),
        arguments("CREATE INDEX CONCURRENTLY ON pets (owner_id)", "CREATE", "pets"),
        arguments("CREATE INDEX IF NOT EXISTS ix ON pets (name)", "CREATE", "pets"),
        arguments("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix ON ONLY app.pets (a, b)", "CREATE", "app.pets"),
        arguments("CREATE INDEX ix ON ONLY measurements (logdate)", "CREATE", "measurements"),
        arguments("CREATE INDEX idx ON t USING btree (c)", "CREATE", "t"),
        arguments("CREATE INDEX \"Ix\" ON \"Visits\" (pet_id)", "CREATE", "Visits"),
        arguments("CREATE INDEX s.ix ON s.visits(pet_id)", "CREATE", "s.visits"), // H2: schema.index
        arguments("CREATE INDEX ix USING BTREE ON t (c)", "CREATE", "t"), // MySQL
        arguments("CREATE NONCLUSTERED INDEX ix ON [dbo].[Visits] (pet_id)", "CREATE", "dbo.Visits"),
        arguments("CREATE INDEX ix ON t ((lower(name)))", "CREATE", "t"),
        arguments("CREATE INDEX a b c d e f g ON t (c)", "CREATE", null), // too far to be the ON
        // DROP INDEX names no table, except MySQL's and SQL Server's DROP INDEX i ON t
        arguments("DROP INDEX vets_last_name", "DROP", null),
        arguments("DROP INDEX CONCURRENTLY IF EXISTS public.vets_last_name CASCADE", "DROP", null),
        arguments("DROP INDEX a, b", "DROP", null),
        arguments("DROP INDEX ix ON t", "DROP", "t"),
        arguments("ALTER INDEX ix RENAME TO iy", "ALTER", null),
        // TABLE
        arguments("ALTER TABLE IF EXISTS vets ADD COLUMN email text", "ALTER", "vets"),
        arguments("ALTER TABLE ONLY public.vets ADD CONSTRAINT pk PRIMARY KEY (id)", "ALTER", "public.vets"),
        arguments("CREATE TABLE vets (id int)", "CREATE", "vets"),
        arguments("CREATE TABLE IF NOT EXISTS vets(id int)", "CREATE", "vets"),
        arguments("CREATE UNLOGGED TABLE scratch (id int)", "CREATE", "scratch"),
        arguments("DROP TABLE vets", "DROP", "vets"),
        arguments("DROP TABLE IF EXISTS vets CASCADE", "DROP", "vets"),
        arguments("TRUNCATE vets", "TRUNCATE", "vets"),
        arguments("TRUNCATE TABLE public.vets RESTART IDENTITY", "TRUNCATE", "public.vets"),
        arguments("TRUNCATE ONLY vets", "TRUNCATE", "vets"),
        // VIEW: the view, not the table it selects from
        arguments("CREATE VIEW vet_names AS SELECT last_name FROM vets", "CREATE", "vet_names"),
        arguments("CREATE OR REPLACE VIEW app.vet_names AS SELECT * FROM vets", "CREATE", "app.vet_names"),
        arguments("CREATE MATERIALIZED VIEW IF NOT EXISTS mv AS SELECT 1", "CREATE", "mv"),
        arguments("CREATE VIEW v (a, b) AS SELECT x, y FROM t", "CREATE", "v"),
        // sequences are not tables
        arguments("CREATE SEQUENCE hibernate_sequence START WITH 1 INCREMENT BY 50", "CREATE", null),
        arguments("CREATE SEQUENCE IF NOT EXISTS s", "CREATE", null),
        arguments("ALTER SEQUENCE s RESTART WITH 100", "ALTER", null),
        arguments("DROP SEQUENCE IF EXISTS s", "DROP", null),
        // COMMENT ON TABLE
        arguments("COMMENT ON TABLE vets IS 'the vets'", "COMMENT", "vets"),
        arguments("COMMENT ON TABLE public.vets IS NULL", "COMMENT", "public.vets"),
        arguments("COMMENT ON COLUMN vets.last_name IS 'x'", "COMMENT", null),
        arguments("COMMENT ON INDEX ix IS 'x'", "COMMENT", null));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource
  void ddlNamesItsTable(String sql, String operation, String table) {
    assertOperationAndTable(sql, operation, table);
  }

  /**
   * A FROM item followed by {@code (} is a function call, not a table: the table is the next item
   * of the FROM list, if there is one.
   */
  static Stream<Arguments> functionsAreNotTables() {
    return Stream.of(
        arguments("SELECT word FROM pg_catalog.pg_get_keywords()", "SELECT", null),
        arguments("SELECT word FROM pg_catalog.pg_get_keywords() LIMIT 1", "SELECT", null),
        arguments("SELECT * FROM generate_series(1, 10)", "SELECT", null),
        arguments("SELECT * FROM generate_series (1, 10) AS g(n)", "SELECT", null),
        arguments("SELECT * FROM generate_series /* n */ (1, 10)", "SELECT", null),
        arguments("SELECT * FROM unnest(?) WITH ORDINALITY AS x(v, n)", "SELECT", null),
        arguments("SELECT X FROM SYSTEM_RANGE(1, 3)", "SELECT", null), // H2
        arguments("SELECT * FROM TABLE(ID INT=(1, 2), NAME VARCHAR=('a', 'b'))", "SELECT", null), // H2
        arguments("SELECT * FROM \"pg_catalog\".\"pg_get_keywords\"()", "SELECT", null),
        // the next table of the FROM list
        arguments("SELECT * FROM generate_series(1,3) g JOIN users u ON u.id = g", "SELECT", "users"),
        arguments("SELECT * FROM generate_series(1, 3) AS g(n) LEFT OUTER JOIN public.users u ON u.id = g.n", "SELECT", "public.users"),
        arguments("SELECT * FROM unnest(ARRAY[1, 2]) x, orders o WHERE o.id = x", "SELECT", "orders"),
        arguments("SELECT * FROM f(1) a, g(2) b, orders", "SELECT", "orders"),
        arguments("SELECT * FROM f(1) a JOIN LATERAL g(a.x) b ON true JOIN orders o ON o.id = b.id", "SELECT", "orders"),
        arguments("SELECT * FROM f(1) a CROSS APPLY g(a.x) b, orders", "SELECT", "orders"),
        arguments("SELECT * FROM TABLE(ID INT=(1, 2)) t JOIN items i ON i.id = t.id", "SELECT", "items"),
        // ... but nothing after the FROM list
        arguments("SELECT * FROM f(1) g WHERE g.x IN (SELECT id FROM users)", "SELECT", null),
        arguments("SELECT * FROM f(1) g WHERE a = 1 AND b IN (1, 2)", "SELECT", null),
        arguments("SELECT * FROM f(1) g ORDER BY a, b", "SELECT", null),
        arguments("SELECT * FROM f(1) g GROUP BY a, b", "SELECT", null),
        arguments("SELECT * FROM f(1) g UNION SELECT * FROM users", "SELECT", null),
        arguments("(SELECT * FROM f(1)) UNION (SELECT * FROM users)", "SELECT", null),
        arguments("SELECT * FROM f(1) g JOIN (SELECT * FROM users) u ON true", "SELECT", null),
        arguments("SELECT * FROM f((SELECT max(id) FROM users), 2), orders", "SELECT", "orders"),
        // a table first is the table, whatever functions follow
        arguments("SELECT * FROM users u JOIN generate_series(1, 3) g ON true", "SELECT", "users"),
        arguments("SELECT * FROM users, unnest(users.tags)", "SELECT", "users"),
        arguments("SELECT u.* FROM users u", "SELECT", "users"),
        arguments("SELECT * FROM users;", "SELECT", "users"),
        arguments("SELECT * FROM app.users", "SELECT", "app.users"),
        // functions outside FROM, and tables followed by "(" outside FROM
        arguments("SELECT now()", "SELECT", null),
        arguments("SELECT nextval('owners_seq')", "SELECT", null),
        arguments("SELECT count(*) FROM owners", "SELECT", "owners"),
        arguments("INSERT INTO pets(name) VALUES (?)", "INSERT", "pets"),
        arguments("WITH g AS (SELECT * FROM generate_series(1, 3)) SELECT * FROM g", "SELECT", "g"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource
  void functionsAreNotTables(String sql, String operation, String table) {
    assertOperationAndTable(sql, operation, table);
  }

  private static void assertOperationAndTable(String sql, String operation, String table) {
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

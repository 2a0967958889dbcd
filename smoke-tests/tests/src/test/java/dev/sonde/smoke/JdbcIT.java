package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.AgentHealth;
import dev.sonde.smoke.harness.Jdk;
import dev.sonde.smoke.harness.LogLine;
import dev.sonde.smoke.harness.MetricsScrape;
import dev.sonde.smoke.harness.OtlpReceiver;
import dev.sonde.smoke.harness.PostgresServer;
import dev.sonde.smoke.harness.ReceivedSpan;
import dev.sonde.smoke.harness.Traceparent;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import java.net.http.HttpResponse;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JDBC, once per installed JDK: the PostgreSQL driver on its own ({@code DriverManager}) and
 * behind HikariCP, against a real PostgreSQL server, and H2 in memory, in an app on the JDK's
 * {@code HttpServer} (so every request is a SERVER span). Each statement executed while a request
 * is served is one CLIENT span under that request's SERVER span; every statement, in a request or
 * not, is timed in {@code database_query_duration_seconds} by database system, operation and table.
 *
 * <p>The app waits at start-up for its database, which is created only once the agent is up: its
 * start-up statements (schema, seed rows) run under the agent, outside any request.
 */
@ParameterizedClass(name = "JDBC on {0}")
@MethodSource("dev.sonde.smoke.harness.Jdks#available")
class JdbcIT {

  // The statements as the app (apps/jdbc Main) prepares them.
  static final String SELECT_USER = "SELECT id, name FROM users WHERE id = ?";
  static final String COUNT_ORDERS = "SELECT count(*) FROM orders WHERE user_id = ?";
  static final String INSERT_ORDER = "INSERT INTO orders(user_id, amount) VALUES (?, ?)";
  static final String BROKEN = "SELEC oops FROM users";
  /** The card number in the app's CARD_QUERY, where a user id belongs. */
  static final String CARD = "4111-1111-1111-1111";
  static final String CARD_QUERY_SANITIZED = "SELECT name FROM users WHERE id = ?";
  static final String WRONG_PASSWORD = "Wrong-pw-not-for-telemetry";
  static final String SELECT_ITEM = "SELECT id, name FROM items WHERE id = ?";
  static final String CREATE_INDEX = "CREATE INDEX ON orders (user_id)";
  static final String KEYWORD = "SELECT word FROM pg_catalog.pg_get_keywords() LIMIT 1";
  static final String KEYWORD_SANITIZED = "SELECT word FROM pg_catalog.pg_get_keywords() LIMIT ?";
  /** {@code SELECT id FROM users WHERE name = 'alice' AND id > 41 AND id IN (1, 2, 3)}, sanitized. */
  static final String LITERAL_QUERY_SANITIZED =
      "SELECT id FROM users WHERE name = ? AND id > ? AND id IN (?)";

  static final String PSQL_EXCEPTION = "org.postgresql.util.PSQLException";
  static final Map<String, String> SELECT_USERS = queries("postgresql", "SELECT", "users");
  static final Map<String, String> POSTGRESQL = Map.of("db_system", "postgresql");

  private static PostgresServer postgres;
  private static OtlpReceiver receiver;
  private static AgentApp app;

  /** The JDK of this invocation; the app below runs on it. */
  @Parameter
  Jdk jdk;

  @BeforeParameterizedClassInvocation
  static void startPostgresqlAndTheAppWithTheAgent(Jdk jdk) {
    postgres = PostgresServer.start();
    receiver = OtlpReceiver.start();
    app = ShopDatabase.jdbcApp(postgres).on(jdk).serviceName("jdbc-smoke").exportingTo(receiver)
        .startOnceTheAgentIsUp(() -> ShopDatabase.create(postgres));
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    Fixtures.closeAll(app, receiver, postgres);
  }

  // ---------------------------------------------------------------- spans

  @Test
  void aPreparedQueryIsOneClientSpanUnderTheRequestsServerSpan() {
    Traced request = send("/plain/users/42");

    assertThat(request.response().body()).isEqualTo("user 42 alice");
    ReceivedSpan query = request.onlyStatementSpan();
    assertThat(query.name()).isEqualTo("SELECT users");
    assertThat(query.statusCode()).isNotEqualTo(StatusCode.STATUS_CODE_ERROR);
    assertThat(query.duration()).isPositive();
    assertThat(query.attributes())
        .satisfies(onPostgresql())
        .containsEntry("db.query.text", SELECT_USER)
        .containsEntry("db.operation.name", "SELECT")
        .containsEntry("db.collection.name", "users");
  }

  @Test
  void eachQueryThroughTheHikariPoolIsOneSpanNotOneForThePoolsProxyAndOneForTheDriver() {
    Traced request = send("/hikari/users/2");

    assertThat(request.response().body()).startsWith("user 2 bob has ");
    assertThat(request.statements()).extracting(ReceivedSpan::name)
        .containsExactly("SELECT users", "SELECT orders");
    assertThat(request.statements()).extracting(s -> s.attributes().get("db.query.text"))
        .containsExactly(SELECT_USER, COUNT_ORDERS);
    assertThat(request.statements()).extracting(s -> s.attributes().get("db.collection.name"))
        .containsExactly("users", "orders");
    assertThat(request.statements()).allSatisfy(s -> assertThat(s.attributes())
        .satisfies(onPostgresql())
        .containsEntry("db.operation.name", "SELECT"));
  }

  @Test
  void literalsInAPlainStatementAreReplacedInTheQueryText() {
    Traced request = send("/statement");

    assertThat(request.response().body()).isEqualTo("rows 0");
    ReceivedSpan query = request.onlyStatementSpan();
    assertThat(query.name()).isEqualTo("SELECT users");
    assertThat(query.attributes())
        .satisfies(onPostgresql())
        .containsEntry("db.query.text", LITERAL_QUERY_SANITIZED)
        .containsEntry("db.operation.name", "SELECT")
        .containsEntry("db.collection.name", "users");
    // Only text can carry the statement's literals. Numbers are left out because the server's
    // port is random and may well contain "41".
    assertThat(query.attributes().values()).filteredOn(String.class::isInstance)
        .as("no text attribute carries a literal of the statement")
        .isNotEmpty()
        .noneMatch(v -> ((String) v).contains("alice"))
        .noneMatch(v -> ((String) v).contains("41"));
  }

  @Test
  void aBatchIsOneSpanCarryingItsSize() {
    Traced request = send("/batch");

    assertThat(request.response().body()).isEqualTo("inserted 3");
    ReceivedSpan batch = request.onlyStatementSpan();
    assertThat(batch.name()).isEqualTo("INSERT orders");
    assertThat(batch.attributes())
        .satisfies(onPostgresql())
        .containsEntry("db.query.text", INSERT_ORDER)
        .containsEntry("db.operation.name", "INSERT")
        .containsEntry("db.collection.name", "orders")
        .containsEntry("db.operation.batch.size", 3L);
  }

  @Test
  void anH2QueryIsASpanOfTheH2SystemNamedAfterItsDatabase() {
    Traced request = send("/h2/items/7");

    assertThat(request.response().body()).isEqualTo("item 7 saw");
    ReceivedSpan query = request.onlyStatementSpan();
    assertThat(query.name()).isEqualTo("SELECT items");
    assertThat(query.attributes())
        .containsEntry("db.system.name", "h2")
        .containsEntry("db.namespace", "inventory")
        .containsEntry("db.query.text", SELECT_ITEM)
        .containsEntry("db.operation.name", "SELECT")
        .containsEntry("db.collection.name", "items");
  }

  @Test
  void aFailingStatementIsAnErrorSpanWithTheExceptionRecorded() {
    Traced request = send("/broken");

    assertThat(request.response().statusCode()).isEqualTo(500);
    ReceivedSpan failed = request.onlyStatementSpan();
    assertThat(failed.statusCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
    assertThat(failed.attributes())
        .satisfies(onPostgresql())
        .containsEntry("db.query.text", BROKEN)
        .containsEntry("error.type", PSQL_EXCEPTION);
    assertThat(failed.events()).filteredOn(e -> e.name().equals("exception")).singleElement()
        .satisfies(e -> {
          assertThat(e.attributes()).containsEntry("exception.type", PSQL_EXCEPTION);
          assertThat(e.attributes().get("exception.message")).asString()
              .startsWith("ERROR: syntax error at or near \"SELEC\"");
        });
  }

  @Test
  void theLiteralsADatabaseErrorRepeatsAreInNeitherTheMessageNorTheStackTraceOfTheSpan() {
    Traced request = send("/card");

    assertThat(request.response().body()).as("the exception the app caught, untouched")
        .isEqualTo(PSQL_EXCEPTION + "\nERROR: invalid input syntax for type bigint: \"" + CARD
            + "\"\n  Position: 35");
    ReceivedSpan failed = request.onlyStatementSpan();
    assertThat(failed.attributes()).containsEntry("db.query.text", CARD_QUERY_SANITIZED)
        .containsEntry("error.type", PSQL_EXCEPTION);
    assertThat(failed.events()).filteredOn(e -> e.name().equals("exception")).singleElement()
        .satisfies(e -> {
          assertThat(e.attributes()).containsEntry("exception.type", PSQL_EXCEPTION)
              .containsEntry("exception.message",
                  "ERROR: invalid input syntax for type bigint: ?\n  Position: ?");
          assertThat(e.attributes().get("exception.stacktrace")).asString()
              .startsWith(PSQL_EXCEPTION + ": ERROR: invalid input syntax for type bigint: ?\n")
              .containsPattern("\tat org\\.postgresql\\.[\\w.$]+\\(\\w+\\.java:\\d+\\)");
        });
    assertThat(receiver.spansOfTrace(request.server().traceId())).allSatisfy(span ->
        assertThat(span.attributes() + " " + span.events()).as("%s", span.name())
            .doesNotContain("4111"));
  }

  @Test
  void aConnectionRefusedForAWrongPasswordIsAFailureOfTheDatabaseItsUrlNames() {
    String database = "database:postgresql://127.0.0.1:" + postgres.port() + "/"
        + ShopDatabase.DATABASE;

    HttpResponse<String> response = app.get("/wrong-password");

    assertThat(response.body()).as("PostgreSQL's invalid_password").isEqualTo("refused 28P01");
    // The calls to the database before it succeeded (a syntax error is the app's failure, not the
    // database's): its last call failed only if this refusal counts there.
    AgentHealth.Answer health = new AgentHealth(app.metricsPort()).report();
    JsonNode details = health.check(database).path("details");
    assertThat(details.path("last_call_failed").asBoolean()).as("%s in %s", database, health)
        .isTrue();
    assertThat(details.path("errors").asLong()).as("%s in %s", database, health).isPositive();
    assertThat(health.checkNames()).doesNotContain("database:other_sql");
    assertThat(health.toString()).doesNotContain(WRONG_PASSWORD)
        .doesNotContain(ShopDatabase.PASSWORD);
  }

  @Test
  void theApplicationCatchesTheSameExceptionWithAndWithoutTheAgent() {
    String withAgent = app.get("/broken").body();

    try (AgentApp withoutAgent = ShopDatabase.jdbcApp(postgres).on(jdk).withoutAgent().start()) {
      String plain = withoutAgent.get("/broken").body();

      assertThat(plain).as("class, message and top stack frame of the exception the app caught")
          .startsWith(PSQL_EXCEPTION + "\nERROR: syntax error at or near \"SELEC\"");
      assertThat(withAgent).isEqualTo(plain);
    }
  }

  @Test
  void aLineLoggedBetweenTwoQueriesCarriesTheTraceIdOfTheRequest() {
    String id = HttpServerSpec.uniqueId();

    Traced request = send("/hikari/users/" + id);

    assertThat(request.response().body()).isEqualTo("user " + id + " unknown has 0 orders");
    assertThat(request.statements()).hasSize(2);
    LogLine line = app.awaitLogMessage("between queries for user " + id);
    assertThat(line.traceId()).isEqualTo(request.server().traceId());
    assertThat(line.spanId()).as("the first query's span has ended: the request's span is current")
        .isEqualTo(request.server().spanId());
  }

  @Test
  void noAttributeCarriesThePasswordOrTheUrlWithCredentials() {
    // The DriverManager endpoints put user and password in the URL, the pool has them as properties.
    send("/plain/users/1");
    send("/hikari/users/1");
    send("/broken");
    app.get("/wrong-password");

    List<ReceivedSpan> spans = receiver.spans();
    assertThat(spans).filteredOn(s -> s.kind() == SpanKind.SPAN_KIND_CLIENT).isNotEmpty();
    assertThat(spans).allSatisfy(span -> {
      String everything = span.attributes() + " " + span.resource() + " " + span.events();
      assertThat(everything).as("attributes, resource and events of %s", span.name())
          .doesNotContain(ShopDatabase.PASSWORD)
          .doesNotContain(WRONG_PASSWORD)
          .doesNotContainIgnoringCase("password=")
          .doesNotContain("user=" + ShopDatabase.USER);
    });
    assertThat(app.scrape().text()).doesNotContain(ShopDatabase.PASSWORD)
        .doesNotContain(WRONG_PASSWORD);
  }

  // ---------------------------------------------------------------- metrics

  @Test
  void everyStatementIsTimedUnderItsSystemOperationAndTable() {
    Map<String, String> selectOrders = queries("postgresql", "SELECT", "orders");
    Map<String, String> selectItems = queries("h2", "SELECT", "items");
    MetricsScrape before = app.scrape();

    // SELECT users: two on their own connection, one through the pool (then one SELECT orders).
    for (String path : List.of("/plain/users/1", "/plain/users/2", "/hikari/users/3", "/h2/items/1")) {
      assertThat(app.get(path).statusCode()).as(path).isEqualTo(200);
    }

    awaitScrape("SELECT users + 3, SELECT orders + 1, h2 SELECT items + 1", scrape -> {
      assertThat(scrape.value("database_query_duration_seconds_count", SELECT_USERS))
          .isEqualTo(before.valueOrZero("database_query_duration_seconds_count", SELECT_USERS) + 3);
      assertThat(scrape.value("database_query_duration_seconds_count", selectOrders))
          .isEqualTo(before.valueOrZero("database_query_duration_seconds_count", selectOrders) + 1);
      assertThat(scrape.value("database_query_duration_seconds_count", selectItems))
          .isEqualTo(before.valueOrZero("database_query_duration_seconds_count", selectItems) + 1);
    });
    MetricsScrape scrape = app.scrape();
    assertThat(scrape.labelSets("database_query_duration_seconds_count"))
        .as("every series is labelled exactly db_system, query_type, table")
        .allSatisfy(labels -> assertThat(labels).containsOnlyKeys("db_system", "query_type", "table"));
    assertThat(scrape.value("database_query_duration_seconds_sum", SELECT_USERS)).isPositive();
    Map<String, String> infBucket = new HashMap<>(SELECT_USERS);
    infBucket.put("le", "+Inf");
    assertThat(scrape.value("database_query_duration_seconds_bucket", infBucket))
        .isEqualTo(scrape.value("database_query_duration_seconds_count", SELECT_USERS));
  }

  @Test
  void ddlIsTimedUnderTheTableItNamesAndAFunctionInFromIsNoTable() {
    Map<String, String> createOrders = queries("postgresql", "CREATE", "orders");
    Map<String, String> selectNoTable = queries("postgresql", "SELECT", "_unknown");
    MetricsScrape before = app.scrape();

    Traced index = send("/index");
    Traced keyword = send("/keywords");

    assertThat(index.response().body()).isEqualTo("index created");
    assertThat(index.onlyStatementSpan().name()).isEqualTo("CREATE orders");
    assertThat(index.onlyStatementSpan().attributes())
        .containsEntry("db.query.text", CREATE_INDEX)
        .containsEntry("db.operation.name", "CREATE")
        .containsEntry("db.collection.name", "orders");
    assertThat(keyword.response().body()).startsWith("keyword ");
    assertThat(keyword.onlyStatementSpan().name()).isEqualTo("SELECT");
    assertThat(keyword.onlyStatementSpan().attributes())
        .containsEntry("db.query.text", KEYWORD_SANITIZED)
        .containsEntry("db.operation.name", "SELECT")
        .doesNotContainKey("db.collection.name");
    awaitScrape("CREATE orders + 1, SELECT _unknown + 1", scrape -> {
      assertThat(scrape.value("database_query_duration_seconds_count", createOrders))
          .as(CREATE_INDEX)
          .isEqualTo(before.valueOrZero("database_query_duration_seconds_count", createOrders) + 1);
      assertThat(scrape.value("database_query_duration_seconds_count", selectNoTable))
          .as(KEYWORD)
          .isEqualTo(before.valueOrZero("database_query_duration_seconds_count", selectNoTable) + 1);
    });
    assertThat(app.scrape().labelValues("database_query_duration_seconds_count", "table"))
        .as("tables of every series")
        .contains("orders", "_unknown")
        .noneMatch(table -> table.contains("pg_get_keywords"));
  }

  @Test
  void aFailingStatementIsCountedAsAQueryErrorAndAsAnError() {
    Map<String, String> queryErrors = queries("postgresql", "_unknown", "_unknown");
    Map<String, String> errors = Map.of("error_type", PSQL_EXCEPTION, "component", "jdbc");
    MetricsScrape before = app.scrape();

    assertThat(app.get("/broken").statusCode()).isEqualTo(500);

    awaitScrape("database_query_errors_total{postgresql,_unknown,_unknown} and errors_total + 1", scrape -> {
      assertThat(scrape.value("database_query_errors_total", queryErrors))
          .as("SELEC is no operation: query_type and table _unknown")
          .isEqualTo(before.valueOrZero("database_query_errors_total", queryErrors) + 1);
      assertThat(scrape.value("errors_total", errors))
          .isEqualTo(before.valueOrZero("errors_total", errors) + 1);
    });
    assertThat(app.scrape().labelSets("database_query_errors_total"))
        .allSatisfy(labels -> assertThat(labels).containsOnlyKeys("db_system", "query_type", "table"));
  }

  @Test
  void aConnectionBorrowedFromThePoolIsActiveUntilItIsGivenBack() {
    double before = app.scrape().valueOrZero("database_connections_active", POSTGRESQL);

    assertThat(app.get("/hold").body()).isEqualTo("held");
    try {
      awaitScrape("database_connections_active{postgresql} + 1 while held", scrape ->
          assertThat(scrape.value("database_connections_active", POSTGRESQL)).isEqualTo(before + 1));
    } finally {
      assertThat(app.get("/release").body()).isEqualTo("released");
    }

    awaitScrape("database_connections_active{postgresql} back once released", scrape ->
        assertThat(scrape.valueOrZero("database_connections_active", POSTGRESQL)).isEqualTo(before));
  }

  @Test
  void statementsOutsideAnyRequestAreCountedButMakeNoSpan() {
    Map<String, String> insertUsers = queries("postgresql", "INSERT", "users");

    assertThat(app.scrape().value("database_query_duration_seconds_count", insertUsers))
        .as("the app's one INSERT INTO users, run at start-up")
        .isEqualTo(1.0);

    // Spans are exported in the order they end: once this request's are in, every earlier one is.
    send("/plain/users/3");
    List<ReceivedSpan> spans = receiver.spans();
    Set<String> serverSpans = spans.stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_SERVER)
        .map(ReceivedSpan::spanId).collect(Collectors.toSet());
    assertThat(spans).filteredOn(s -> s.kind() == SpanKind.SPAN_KIND_CLIENT)
        .as("every statement span has a request's SERVER span as its parent")
        .isNotEmpty()
        .allSatisfy(s -> assertThat(serverSpans).contains(s.parentSpanId()))
        .noneMatch(s -> "INSERT".equals(s.attributes().get("db.operation.name"))
            && "users".equals(s.attributes().get("db.collection.name")));
  }

  // ---------------------------------------------------------------- helpers

  /** A request sent with a fresh {@code traceparent}, with its SERVER span and its statements' spans. */
  private record Traced(HttpResponse<String> response, ReceivedSpan server,
      List<ReceivedSpan> statements) {

    ReceivedSpan onlyStatementSpan() {
      assertThat(statements).as("CLIENT spans of the request").hasSize(1);
      return statements.get(0);
    }
  }

  /**
   * GET {@code path} in a new trace, and its spans once complete: the SERVER span ends after every
   * statement run in the request, and spans are exported in the order they end. Checks that the
   * trace holds that one SERVER span and CLIENT spans only, each a child of the SERVER span.
   */
  private Traced send(String path) {
    Traceparent trace = Traceparent.random();
    HttpResponse<String> response = app.get(path, Map.of("traceparent", trace.header()));
    ReceivedSpan server = receiver.awaitSpanOfTrace(trace.traceId(), SpanKind.SPAN_KIND_SERVER);
    List<ReceivedSpan> spans = receiver.spansOfTrace(trace.traceId());

    assertThat(server.parentSpanId()).isEqualTo(trace.parentSpanId());
    assertThat(spans).as("spans of %s", path)
        .allSatisfy(s -> assertThat(s.kind()).isIn(SpanKind.SPAN_KIND_SERVER, SpanKind.SPAN_KIND_CLIENT))
        .filteredOn(s -> s.kind() == SpanKind.SPAN_KIND_SERVER).hasSize(1);
    List<ReceivedSpan> statements = spans.stream()
        .filter(s -> s.kind() == SpanKind.SPAN_KIND_CLIENT)
        .sorted(Comparator.comparingLong(s -> s.proto().getStartTimeUnixNano()))
        .collect(Collectors.toList());
    assertThat(statements).as("statement spans of %s: children of its SERVER span", path)
        .allSatisfy(s -> assertThat(s.parentSpanId()).isEqualTo(server.spanId()));
    return new Traced(response, server, statements);
  }

  /** The attributes every PostgreSQL statement span has. */
  private static ThrowingConsumer<Map<String, Object>> onPostgresql() {
    return attributes -> assertThat(attributes)
        .containsEntry("db.system.name", "postgresql")
        .containsEntry("db.namespace", ShopDatabase.DATABASE)
        .containsEntry("server.address", "127.0.0.1")
        .containsEntry("server.port", (long) postgres.port());
  }

  static Map<String, String> queries(String system, String operation, String table) {
    return Map.of("db_system", system, "query_type", operation, "table", table);
  }

  /** Scrapes until {@code assertion} holds (at most {@link OtlpReceiver#WAIT}). */
  private static void awaitScrape(String description, Consumer<MetricsScrape> assertion) {
    await(description).atMost(OtlpReceiver.WAIT)
        .untilAsserted(() -> assertion.accept(app.scrape()));
  }
}

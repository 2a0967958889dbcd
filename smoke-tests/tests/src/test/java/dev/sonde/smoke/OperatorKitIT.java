package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.AgentHealth;
import dev.sonde.smoke.harness.App;
import dev.sonde.smoke.harness.Ports;
import dev.sonde.smoke.harness.PostgresServer;
import dev.sonde.smoke.harness.PrometheusServer;
import dev.sonde.smoke.harness.RabbitMqServer;
import dev.sonde.smoke.harness.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator kit of deploy/ against real agents. A real Prometheus (the Debian package) scrapes,
 * every second, four apps with the agent, each under a job name unlike its service name, while a
 * loop keeps them busy: the jdbc app (PostgreSQL through the DriverManager and HikariCP, H2, a
 * statement with a syntax error), the redis app (Jedis and Lettuce: hits, misses, writes, a
 * command Redis refuses), the rabbitmq app (publishes, its consumers, basicGet, queue depth) and
 * the http-client app (outgoing calls to the other two HTTP apps answering 200, 404 and 500, and
 * to a port nothing listens on).
 * It loads deploy/prometheus/alerts.yml and slo.yml and evaluates them every second.
 *
 * <ul>
 *   <li>every query of deploy/grafana/sonde-overview.json (variables as "All" selects them)
 *       returns data, so no panel is empty because of a typo; its variables list the services;
 *   <li>every recording rule's expression returns data, and Prometheus records it;
 *   <li>every metric and label any rule or query names exists in what the agents serve;
 *   <li>the DownstreamErrors alert's expression selects the servers whose calls fail, and only
 *       those, and Prometheus holds the alert pending for them;
 *   <li>every rule evaluates without error (a many-to-many join would fail here, not in promtool's
 *       tests, whose series are written by hand);
 *   <li>the apps' health endpoints, on their metrics port (the default), report each endpoint of
 *       each dependency they call.
 * </ul>
 * On the JDK running the tests.
 */
class OperatorKitIT {

  static final String DEPLOY_DIR_PROPERTY = "sonde.deploy.dir";
  private static final String VHOST = "ops";
  /** Prometheus scrapes every second: a minute of rate holds dozens of samples. */
  private static final Map<String, String> DASHBOARD_VARIABLES =
      Map.of("$__rate_interval", "1m", "$service", ".*", "$endpoint", ".*");
  /** Long enough for Prometheus to scrape a few times and evaluate the rules on that. */
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new YAMLMapper();

  private static PostgresServer postgres;
  private static RedisServer redis;
  private static RabbitMqServer broker;
  private static AgentApp shop;
  private static AgentApp cache;
  private static AgentApp orders;
  private static AgentApp gateway;
  /** A port nothing listens on: the gateway's calls to it are refused. */
  private static int closedPort;
  private static PrometheusServer prometheus;
  private static Traffic traffic;

  @BeforeAll
  static void startServersAppsAndPrometheus() {
    // The broker takes seconds to boot: meanwhile the others start.
    CompletableFuture<RabbitMqServer> brokerStart =
        CompletableFuture.supplyAsync(RabbitMqServer::start);
    try {
      postgres = PostgresServer.start();
      redis = RedisApps.startServer();
    } finally {
      broker = brokerStart.join();
    }
    List<AgentApp> apps = AgentApp.startOnceTheAgentsAreUp(() -> {
      ShopDatabase.create(postgres);
      broker.addVhost(VHOST);
    }, ShopDatabase.jdbcApp(postgres).serviceName("ops-shop"),
        RedisApps.app(App.REDIS, redis).serviceName("ops-cache"),
        RabbitMqApps.app(RabbitMqApps.FRONT, broker, VHOST).serviceName("ops-orders"),
        AgentApp.of(App.HTTP_CLIENT).serviceName("ops-gateway"));
    shop = apps.get(0);
    cache = apps.get(1);
    orders = apps.get(2);
    gateway = apps.get(3);
    closedPort = Ports.freeOutsideEphemeralRange();
    traffic = Traffic.start(shop, cache, orders, gateway, closedPort);
    Map<String, List<String>> jobs = new LinkedHashMap<>();
    jobs.put("storefront", List.of(target(shop)));
    jobs.put("caching", List.of(target(cache)));
    jobs.put("messaging", List.of(target(orders)));
    jobs.put("edge", List.of(target(gateway)));
    prometheus = PrometheusServer.start(jobs,
        List.of(deployFile("prometheus/alerts.yml"), deployFile("prometheus/slo.yml")));
  }

  @AfterAll
  static void stop() {
    Fixtures.closeAll(traffic, prometheus, shop, cache, orders, gateway, broker, redis, postgres);
  }

  private static String target(AgentApp app) {
    return Ports.LOOPBACK + ":" + app.metricsPort();
  }

  // ---------------------------------------------------------------- the dashboard

  @Test
  void everyQueryOfTheDashboardReturnsData() {
    Map<String, String> queries = dashboardQueries();
    assertThat(queries).hasSizeGreaterThanOrEqualTo(20);

    await("every dashboard query returning data").atMost(WAIT).pollInterval(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(withoutData(queries))
            .as("dashboard queries without a finite value").isEmpty());
  }

  @Test
  void theDashboardVariablesListTheServicesAndTheEndpoints() {
    JsonNode variables = dashboard().path("templating").path("list");
    assertThat(variables.get(0).path("type").asText()).isEqualTo("datasource");
    Pattern labelValues = Pattern.compile("label_values\\((\\w+), *(\\w+)\\)");
    Map<String, Set<String>> listed = new LinkedHashMap<>();
    await("the variables' values").atMost(WAIT).untilAsserted(() -> {
      for (JsonNode variable : variables) {
        if (variable.path("type").asText().equals("query")) {
          Matcher query = labelValues.matcher(variable.path("definition").asText());
          assertThat(query.matches()).as(variable.path("definition").asText()).isTrue();
          listed.put(variable.path("name").asText(),
              prometheus.labelValues(query.group(2), query.group(1)));
        }
      }
      assertThat(listed.get("service")).containsExactly("ops-cache", "ops-gateway", "ops-orders",
          "ops-shop");
      assertThat(listed.get("endpoint")).contains("/plain/users/{id}", "/jedis/get/ops-key",
          "/publish/orders", "_unmatched");
    });
  }

  // ---------------------------------------------------------------- the rules

  @Test
  void everyRecordingRuleReturnsDataAndPrometheusRecordsIt() {
    Map<String, String> records = new LinkedHashMap<>();
    for (JsonNode rule : rules("prometheus/slo.yml")) {
      if (rule.has("record")) {
        records.put(rule.path("record").asText(), rule.path("expr").asText());
      }
    }
    assertThat(records).hasSizeGreaterThanOrEqualTo(10);

    await("every recording rule returning data").atMost(WAIT).pollInterval(Duration.ofSeconds(2))
        .untilAsserted(() -> {
          assertThat(withoutData(records)).as("rule expressions without data").isEmpty();
          Map<String, String> recorded = records.keySet().stream()
              .collect(Collectors.toMap(name -> name, name -> name));
          assertThat(withoutData(recorded)).as("rules not recorded").isEmpty();
        });
    assertThat(prometheus.labelValues("service_name", "service:http_errors:ratio_rate1h"))
        .as("one series per service, whatever the job").containsExactly("ops-cache",
            "ops-gateway", "ops-orders", "ops-shop");
  }

  @Test
  void everyRuleEvaluatesWithoutError() {
    int rulesInFiles = rules("prometheus/alerts.yml").size() + rules("prometheus/slo.yml").size();

    await("every rule evaluated, without error").atMost(WAIT).untilAsserted(() -> {
      List<String> problems = new ArrayList<>();
      int evaluated = 0;
      for (JsonNode group : prometheus.ruleGroups()) {
        for (JsonNode rule : group.path("rules")) {
          evaluated++;
          if (!rule.path("health").asText().equals("ok")) {
            problems.add(rule.path("name").asText() + ": " + rule.path("health").asText() + " "
                + rule.path("lastError").asText());
          }
        }
      }
      assertThat(evaluated).isEqualTo(rulesInFiles);
      assertThat(problems).isEmpty();
    });
  }

  @Test
  void theDownstreamErrorsAlertSelectsTheServersWhoseCallsFailAndIsPendingForThem() {
    String expr = rules("prometheus/alerts.yml").stream()
        .filter(rule -> rule.path("alert").asText().equals("DownstreamErrors")).findFirst()
        .orElseThrow().path("expr").asText();
    // The shop answers 500 to one call in two, the closed port refuses every call; the cache's
    // 404 is the gateway's mistake, not the cache's.
    Set<String> failing = Set.of(Ports.LOOPBACK + ":" + shop.port(),
        Ports.LOOPBACK + ":" + closedPort);

    await("DownstreamErrors selecting the failing servers").atMost(WAIT).untilAsserted(() -> {
      List<PrometheusServer.Result> firing = prometheus.query(expr);
      assertThat(firing).extracting(r -> r.labels().get("server_address"))
          .containsExactlyInAnyOrderElementsOf(failing);
      assertThat(firing).extracting(r -> r.labels().get("service_name"))
          .containsOnly("ops-gateway");
      assertThat(prometheus.query("ALERTS{alertname=\"DownstreamErrors\"}"))
          .as("pending: its for is five minutes")
          .extracting(r -> r.labels().get("server_address") + " " + r.labels().get("alertstate"))
          .containsExactlyInAnyOrderElementsOf(
              failing.stream().map(server -> server + " pending").toList());
    });
  }

  @Test
  void everyMetricAndLabelTheRulesAndTheDashboardNameExistsInWhatTheAgentsServe() {
    List<String> exprs = new ArrayList<>(dashboardQueries().values());
    for (String file : List.of("prometheus/alerts.yml", "prometheus/slo.yml")) {
      rules(file).forEach(rule -> exprs.add(rule.path("expr").asText()));
    }
    Set<String> named = PromQlNames.metricsOf(exprs);
    // Recorded series exist once the rules have run.
    await("every metric named, in Prometheus").atMost(WAIT).untilAsserted(() ->
        assertThat(prometheus.metricNames()).containsAll(named));

    Map<String, Set<String>> labelsOf = new LinkedHashMap<>();
    named.forEach(metric -> labelsOf.put(metric, prometheus.labelNames(metric)));
    List<String> problems = new ArrayList<>();
    for (String expr : exprs) {
      PromQlNames names = PromQlNames.of(expr);
      Set<String> available = new TreeSet<>();
      names.metrics().forEach((metric, matcherLabels) -> {
        available.addAll(labelsOf.get(metric));
        for (String label : matcherLabels) {
          if (!labelsOf.get(metric).contains(label)) {
            problems.add(metric + " has no label " + label + " (it has " + labelsOf.get(metric)
                + ") in: " + expr);
          }
        }
      });
      for (String label : names.groupingLabels()) {
        if (!available.contains(label)) {
          problems.add("no metric has the label " + label + " in: " + expr);
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(named).as("the contract's names, not look-alikes").contains("http_requests_total",
        "http_request_duration_seconds_bucket", "database_query_duration_seconds_bucket",
        "database_query_errors_total", "database_connections_active", "cache_operations_total",
        "cache_hit_ratio", "redis_command_duration_seconds_bucket",
        "rabbitmq_messages_published_total", "rabbitmq_messages_consumed_total",
        "queue_messages_total", "http_client_requests_total",
        "http_client_request_duration_seconds_bucket", "memory_usage_bytes", "sonde_info",
        "sonde_spans_dropped_total");
  }

  @Test
  void prometheusScrapesEveryAgentUnderItsJob() {
    await("every target up").atMost(WAIT).untilAsserted(() -> {
      Map<String, String> health = new LinkedHashMap<>();
      for (JsonNode target : prometheus.targets()) {
        health.put(target.path("labels").path("job").asText(), target.path("health").asText());
      }
      assertThat(health).containsOnly(Map.entry("storefront", "up"), Map.entry("caching", "up"),
          Map.entry("messaging", "up"), Map.entry("edge", "up"));
    });
  }

  // ---------------------------------------------------------------- health on the metrics port

  @Test
  void eachAppsHealthReportsTheEndpointsOfTheDependenciesItCalls() {
    String databaseCheck = "database:postgresql://" + postgres.host() + ":" + postgres.port()
        + "/" + ShopDatabase.DATABASE;
    await("each dependency endpoint reported, with calls").atMost(WAIT).untilAsserted(() -> {
      AgentHealth.Answer shopHealth = new AgentHealth(shop.metricsPort()).report();
      JsonNode database = shopHealth.check(databaseCheck);
      // The app's connects at start-up, before its database existed, failed and count for the
      // window's minute; the traffic's calls soon outweigh them.
      assertThat(database.path("status").asText()).isEqualTo("healthy");
      assertThat(database.path("details").path("calls").asLong()).isPositive();
      assertThat(shopHealth.check("database:h2:inventory").path("status").asText())
          .isEqualTo("healthy");

      AgentHealth.Answer cacheHealth = new AgentHealth(cache.metricsPort()).report();
      JsonNode server = cacheHealth.check("redis:" + redis.host() + ":" + redis.port());
      // INCR on a value that is not a number: Redis refuses the command, and is healthy.
      assertThat(server.path("status").asText()).isEqualTo("healthy");
      assertThat(server.path("details").path("calls").asLong()).isPositive();
      assertThat(server.path("details").path("errors").asLong()).isZero();

      AgentHealth.Answer ordersHealth = new AgentHealth(orders.metricsPort()).report();
      JsonNode brokerCheck = ordersHealth.check("rabbitmq:" + broker.host() + ":" + broker.port());
      assertThat(brokerCheck.path("status").asText()).isEqualTo("healthy");
      assertThat(brokerCheck.path("details").path("calls").asLong()).as("publishes").isPositive();
      assertThat(brokerCheck.path("details").path("p95_ms").isNull())
          .as("publishes are counted, not timed").isTrue();

      AgentHealth.Answer gatewayHealth = new AgentHealth(gateway.metricsPort()).report();
      JsonNode shopServer = gatewayHealth.check("http:" + Ports.LOOPBACK + ":" + shop.port());
      assertThat(shopServer.path("details").path("calls").asLong()).isPositive();
      assertThat(shopServer.path("details").path("errors").asLong()).as("its 500s").isPositive();
      JsonNode cacheServer = gatewayHealth.check("http:" + Ports.LOOPBACK + ":" + cache.port());
      assertThat(cacheServer.path("status").asText()).as("its 404s are the gateway's")
          .isEqualTo("healthy");
      JsonNode closed = gatewayHealth.check("http:" + Ports.LOOPBACK + ":" + closedPort);
      assertThat(closed.path("status").asText()).isEqualTo("unhealthy");
      assertThat(gatewayHealth.statusCode()).as("%s", gatewayHealth).isEqualTo(503);

      for (AgentHealth.Answer report : List.of(shopHealth, cacheHealth, ordersHealth)) {
        assertThat(report.statusCode()).as("%s", report).isEqualTo(200);
      }
      for (AgentHealth.Answer report : List.of(shopHealth, cacheHealth, ordersHealth,
          gatewayHealth)) {
        assertThat(report.checkNames()).contains("jvm_heap", "otlp_exporter");
      }
    });
    // The app's statement with a syntax error is its own mistake, not the database's: it adds
    // no failure (the count can only fall, as the start-up's leave the window).
    long errorsBefore = new AgentHealth(shop.metricsPort()).report().check(databaseCheck)
        .path("details").path("errors").asLong();
    for (int i = 0; i < 3; i++) {
      assertThat(shop.get("/broken").statusCode()).isEqualTo(500);
    }
    assertThat(new AgentHealth(shop.metricsPort()).report().check(databaseCheck)
        .path("details").path("errors").asLong()).isLessThanOrEqualTo(errorsBefore);
  }

  // ---------------------------------------------------------------- helpers

  static Path deployFile(String relative) {
    String dir = System.getProperty(DEPLOY_DIR_PROPERTY);
    if (dir == null) {
      throw new IllegalStateException("System property " + DEPLOY_DIR_PROPERTY
          + " is not set: run the smoke tests through Maven (failsafe sets it)");
    }
    return Path.of(dir, relative).toAbsolutePath().normalize();
  }

  private static JsonNode dashboard() {
    try {
      return JSON.readTree(deployFile("grafana/sonde-overview.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Each query of each panel ("panel title #n" → query), variables filled in. */
  private static Map<String, String> dashboardQueries() {
    Map<String, String> queries = new LinkedHashMap<>();
    for (JsonNode panel : dashboard().path("panels")) {
      int n = 0;
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText();
        for (Map.Entry<String, String> variable : DASHBOARD_VARIABLES.entrySet()) {
          expr = expr.replace(variable.getKey(), variable.getValue());
        }
        assertThat(expr).as("a variable the test does not fill in").doesNotContain("$");
        queries.put(panel.path("title").asText() + " #" + ++n, expr);
      }
    }
    return queries;
  }

  /** The rules of every group of a rule file. */
  private static List<JsonNode> rules(String file) {
    try {
      List<JsonNode> rules = new ArrayList<>();
      for (JsonNode group : YAML.readTree(deployFile(file).toFile()).path("groups")) {
        group.path("rules").forEach(rules::add);
      }
      return rules;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The named queries whose result has no finite value (empty, or NaN only: a histogram with no
   * observation in the range), as "name: query".
   */
  private static List<String> withoutData(Map<String, String> queries) {
    return queries.entrySet().stream()
        .filter(q -> prometheus.query(q.getValue()).stream()
            .noneMatch(r -> Double.isFinite(r.value())))
        .map(q -> q.getKey() + ": " + q.getValue())
        .collect(Collectors.toList());
  }
}

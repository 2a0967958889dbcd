package dev.sonde.agent.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sonde.agent.config.AgentSettings;
import dev.sonde.agent.health.HealthChecks;
import dev.sonde.agent.health.HealthSettings;
import dev.sonde.agent.metrics.SelfMetrics;
import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.health.Dependencies;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.prometheus.client.CollectorRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The page and its JSON over real HTTP, from spans fed as the page's export thread does. */
class TracePageTest {

  private static final AttributeKey<String> QUERY = AttributeKey.stringKey("db.query.text");
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient client = HttpClient.newHttpClient();
  private final TraceRing ring = new TraceRing(10, TracePage.MAX_BYTES);
  private final EndpointWindows endpoints = new EndpointWindows(60_000);
  private final Dependencies dependencies = new Dependencies(true, 60_000);
  private HttpServer server;
  private TracePage page;

  @BeforeEach
  void start() throws Exception {
    page = new TracePage("shop", ring, endpoints, TracePage.html());
    Config config = new Config(Map.of(), Map.of(), new Properties());
    AgentSettings settings = new AgentSettings(config);
    page.health(new HealthChecks(new HealthSettings(config, settings.metricsPort), dependencies,
        settings, new SelfMetrics(new CollectorRegistry(true), "test", "shop")));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    server.createContext("/", page);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + server.getAddress().getPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode getJson(String path) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(
        "application/json; charset=utf-8");
    return json.readTree(response.body());
  }

  /** Request {@code trace}: a server span with a query under it, the query failing or not. */
  private void request(int trace, String route, long startMillis, long millis, boolean failed) {
    page.keep(Arrays.asList(
        Spans.span(trace, 2, 1, SpanKind.CLIENT, "SELECT items", startMillis + 1, millis / 2,
            failed, Attributes.of(QUERY, "SELECT id, name FROM items WHERE id = ?")),
        Spans.root(trace, route, startMillis, millis, failed,
            Attributes.of(AttributeKey.stringKey("http.route"), route))));
  }

  @Test
  void thePageIsOneSelfContainedDocumentThatLoadsNothingFromElsewhere() throws Exception {
    HttpResponse<String> response = get("/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'", "connect-src 'self'");
    assertThat(response.body()).startsWith("<!DOCTYPE html>").contains("<script>", "</html>");
    // Every URL it names is its own API's, relative: no script, font or style from elsewhere.
    Matcher urls = Pattern.compile("(?:src|href)\\s*=\\s*\"([^\"#]+)\"|https?://")
        .matcher(response.body());
    assertThat(urls.find()).as("a URL the page would load").isFalse();
    assertThat(get("/elsewhere").statusCode()).isEqualTo(404);
  }

  @Test
  void theSummaryHasTheServiceTheEndpointsFiguresAndTheDependencies() throws Exception {
    long now = System.currentTimeMillis();
    request(1, "GET /items/{id}", now - 50, 8, false);
    request(2, "GET /items/{id}", now - 40, 12, true);
    request(3, "POST /orders", now - 30, 20, false);
    dependencies.endpoint(Dependencies.DATABASE, "h2:mem:inventory")
        .record(System.nanoTime(), 1_000_000, false);

    JsonNode summary = getJson("/api/summary");

    assertThat(summary.get("service").asText()).isEqualTo("shop");
    assertThat(summary.get("window_ms").asLong()).isEqualTo(60_000);
    JsonNode items = summary.get("endpoints").get(0);
    assertThat(items.get("name").asText()).isEqualTo("GET /items/{id}");
    assertThat(items.get("calls").asLong()).isEqualTo(2);
    assertThat(items.get("errors").asLong()).isEqualTo(1);
    assertThat(items.get("error_ratio").asDouble()).isEqualTo(0.5);
    assertThat(items.get("p95_ms").asDouble()).isBetween(8.0, 16.0);
    assertThat(summary.get("endpoints").get(1).get("name").asText()).isEqualTo("POST /orders");
    JsonNode database = summary.get("dependencies").get(0);
    assertThat(database.get("name").asText()).isEqualTo("database:h2:mem:inventory");
    assertThat(database.get("status").asText()).isEqualTo("healthy");
    assertThat(database.get("details").get("calls").asLong()).isEqualTo(1);
  }

  @Test
  void theTracesAreListedNewestFirstAndOneOpensWithItsSpansAndAttributes() throws Exception {
    long now = System.currentTimeMillis();
    request(1, "GET /items/{id}", now - 50, 8, false);
    request(2, "GET /items/{id}", now - 40, 30, true);

    JsonNode traces = getJson("/api/traces");

    assertThat(traces.get("recent")).extracting(t -> t.get("trace_id").asText())
        .containsExactly(Spans.traceId(2), Spans.traceId(1));
    assertThat(traces.get("slowest").get(0).get("trace_id").asText()).isEqualTo(Spans.traceId(2));
    JsonNode failed = traces.get("recent").get(0);
    assertThat(failed.get("error").asBoolean()).isTrue();
    assertThat(failed.get("spans").asInt()).isEqualTo(2);
    assertThat(failed.get("duration_ms").asDouble()).isEqualTo(30.0);

    JsonNode trace = getJson("/api/traces/" + Spans.traceId(2));

    assertThat(trace.get("name").asText()).isEqualTo("GET /items/{id}");
    JsonNode spans = trace.get("span_list");
    assertThat(spans).extracting(s -> s.get("name").asText())
        .containsExactly("GET /items/{id}", "SELECT items");
    JsonNode server = spans.get(0);
    JsonNode query = spans.get(1);
    assertThat(server.get("parent_id").isNull()).isTrue();
    assertThat(server.get("offset_ms").asDouble()).isZero();
    assertThat(query.get("parent_id").asText()).isEqualTo(server.get("span_id").asText());
    assertThat(query.get("kind").asText()).isEqualTo("CLIENT");
    assertThat(query.get("offset_ms").asDouble()).isEqualTo(1.0);
    assertThat(query.get("duration_ms").asDouble()).isEqualTo(15.0);
    assertThat(query.get("error").asBoolean()).isTrue();
    assertThat(query.get("attributes").get("db.query.text").asText())
        .isEqualTo("SELECT id, name FROM items WHERE id = ?");

    assertThat(get("/api/traces/" + Spans.traceId(99)).statusCode()).isEqualTo(404);
    assertThat(get("/api/traces/not-an-id").statusCode()).isEqualTo(404);
  }
}

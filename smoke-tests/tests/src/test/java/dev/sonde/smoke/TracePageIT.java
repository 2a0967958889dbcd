package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.HeadlessChromium;
import dev.sonde.smoke.harness.Ports;
import dev.sonde.smoke.harness.PostgresServer;
import dev.sonde.smoke.harness.Traceparent;
import dev.sonde.smoke.harness.WorkDir;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The trace page in a real browser (headless Chromium): the jdbc app with the agent, against a
 * real PostgreSQL and H2, no collector at all (traces to the console only). The page's own script
 * fills it from its JSON; what the specs read is the DOM the browser built. Screenshots are kept
 * in {@code target/smoke-runs/trace-page/}.
 */
class TracePageIT {

  private static final Pattern ROW = Pattern.compile("<tr( class=\"([^\"]*)\")?[^>]*><td>([^<]*)</td>");

  private static PostgresServer postgres;
  private static AgentApp app;
  private static HeadlessChromium chromium;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void startPostgresqlAndTheAppWithTheAgent() {
    chromium = HeadlessChromium.find();
    postgres = PostgresServer.start();
    app = ShopDatabase.jdbcApp(postgres).serviceName("shop")
        .systemProperty("sonde.traces.exporter", "console")
        .startOnceTheAgentIsUp(() -> ShopDatabase.create(postgres));
  }

  @AfterAll
  static void stop() {
    Fixtures.closeAll(app, postgres);
  }

  private static URI page(String pathAndFragment) {
    return URI.create("http://" + Ports.LOOPBACK + ":" + app.metricsPort() + pathAndFragment);
  }

  private String api(String path) throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(page(path)).build(),
        HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? response.body() : "";
  }

  /** The body of the table {@code id} in {@code dom}. */
  private static String table(String dom, String id) {
    Matcher table = Pattern.compile("<table[^>]* id=\"" + id + "\">(.*?)</table>", Pattern.DOTALL)
        .matcher(dom);
    assertThat(table.find()).as("table %s in %s", id, dom).isTrue();
    return table.group(1);
  }

  /** The first cell of each body row, with the row's class. */
  private static List<String[]> rows(String table) {
    List<String[]> rows = new ArrayList<>();
    Matcher row = ROW.matcher(table.substring(table.indexOf("<tbody>")));
    while (row.find()) {
      rows.add(new String[] {row.group(3), row.group(2) == null ? "" : row.group(2)});
    }
    return rows;
  }

  @Test
  void theEndpointTableShowsTheAppsRoutesWithTheFailingOneHighlighted() throws Exception {
    for (String path : List.of("/h2/items/1", "/h2/items/2", "/plain/users/42", "/broken")) {
      app.get(path);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> api("/api/summary"),
        summary -> summary.contains("GET /broken") && summary.contains("GET /plain/users/{id}")
            && summary.contains("GET /h2/items/{id}"));

    String dom = chromium.dom(page("/"));

    List<String[]> endpoints = rows(table(dom, "endpoints"));
    assertThat(endpoints).extracting(row -> row[0])
        .contains("GET /h2/items/{id}", "GET /plain/users/{id}", "GET /broken");
    assertThat(endpoints).filteredOn(row -> row[0].equals("GET /broken"))
        .singleElement().satisfies(row -> assertThat(row[1]).isEqualTo("error"));
    assertThat(endpoints).filteredOn(row -> row[0].equals("GET /h2/items/{id}"))
        .singleElement().satisfies(row -> assertThat(row[1]).isEmpty());
    assertThat(dom).contains("<span id=\"service\">shop</span>");
    assertThat(rows(table(dom, "dependencies"))).extracting(row -> row[0])
        .anySatisfy(name -> assertThat(name).startsWith("database:").contains("h2"))
        .anySatisfy(name -> assertThat(name).startsWith("database:").contains("postgresql"));
    assertThat(rows(table(dom, "recent"))).extracting(row -> row[0]).isNotEmpty();

    screenshot("/", "overview.png");
  }

  @Test
  void aTraceOpensAsAWaterfallWithItsJdbcChildAndItsAttributes() throws Exception {
    Traceparent trace = Traceparent.random();
    assertThat(app.get("/h2/items/7", Map.of("traceparent", trace.header())).statusCode())
        .isEqualTo(200);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> api("/api/traces/" + trace.traceId()), body -> body.contains("SELECT items"));

    String dom = chromium.dom(page("/#trace=" + trace.traceId()));

    assertThat(dom).contains("trace " + trace.traceId());
    Matcher waterfall = Pattern.compile("<div class=\"waterfall\" id=\"waterfall\">(.*?)</section>",
        Pattern.DOTALL).matcher(dom);
    assertThat(waterfall.find()).as("the waterfall in %s", dom).isTrue();
    List<String> spans = new ArrayList<>();
    Matcher span = Pattern.compile("<div class=\"name\" style=\"padding-left:(\\d+)px\">"
        + "<span class=\"kind\">(\\w+)</span>([^<]*)</div>").matcher(waterfall.group(1));
    while (span.find()) {
      spans.add(span.group(2) + " " + span.group(3) + " @" + span.group(1));
    }
    // The server span first, its query indented one level under it.
    assertThat(spans).containsExactly("SERVER GET /h2/items/{id} @6", "CLIENT SELECT items @22");
    assertThat(waterfall.group(1))
        .contains("<td>db.query.text</td><td>SELECT id, name FROM items WHERE id = ?</td>")
        .contains("<td>db.system.name</td><td>h2</td>")
        .contains("<td>http.route</td><td>/h2/items/{id}</td>");

    Path shot = screenshot("/#trace=" + trace.traceId(), "trace.png");
    assertThat(new String(Files.readAllBytes(shot), 1, 3, StandardCharsets.US_ASCII))
        .as("a PNG").isEqualTo("PNG");
  }

  private static Path screenshot(String pathAndFragment, String name) throws IOException {
    Path file = chromium.screenshot(page(pathAndFragment),
        WorkDir.get().resolve("trace-page").resolve(name), 1280, 900);
    assertThat(Files.size(file)).as("%s", file).isGreaterThan(1000);
    return file;
  }
}

package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.App;
import dev.sonde.smoke.harness.Jdk;
import dev.sonde.smoke.harness.Jdks;
import dev.sonde.smoke.harness.LogLine;
import dev.sonde.smoke.harness.MetricsScrape;
import dev.sonde.smoke.harness.OtlpReceiver;
import dev.sonde.smoke.harness.ReceivedSpan;
import dev.sonde.smoke.harness.Sample;
import dev.sonde.smoke.harness.Traceparent;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Spring Boot 4 fat jar, run the way users run theirs: {@code java -javaagent:sonde-agent.jar
 * -jar spring-boot-app.jar}, every class of the app and its libraries loaded by Boot's launcher
 * from nested jars while the agent's transformer reads class files through that same loader.
 * Spring MVC on Tomcat 11, Spring Data JPA (Hibernate 7) on H2 in memory, Actuator, Logback.
 *
 * <p>First, every start must serve: some starts of such apps were seen to hang for good with the
 * agent (a lock-order deadlock between the transformer and the nested-jar class loader). Then, on
 * one app, what the agent must make of a Spring Boot app: route templates and JPA queries in the
 * scrape; an exception escaping a controller (which Spring MVC wraps in a ServletException, Tomcat
 * logs, then dispatches to /error) counted, typed and logged as the application's; a DDL statement
 * and an H2 table function labelled by their table; no session id from a rewritten URL in a span.
 *
 * <p>The starts alternate between the installed JDKs; the other tests run on the one running Maven.
 */
class SpringBootFatJarIT {

  /** How many starts {@link #everyStartOfTheFatJarServes()} makes: {@code -Dsonde.smoke.springStarts}. */
  static final String STARTS_PROPERTY = "sonde.smoke.springStarts";
  static final int DEFAULT_STARTS = 10;
  /**
   * What a start may take before it counts as hung, {@code -Dsonde.smoke.springStartSeconds}: one
   * took 11 to 55 s on a shared 2-core machine. A hung start never serves.
   */
  static final Duration SERVING_WITHIN =
      Duration.ofSeconds(Long.getLong("sonde.smoke.springStartSeconds", 90));
  static final String HEALTH = "/actuator/health";

  static final String VET_NOT_AVAILABLE = "dev.sonde.smoke.apps.spring.VetNotAvailableException";
  static final Map<String, String> VET_200 = HttpServerSpec.requests("/vets/{id}", "200");
  static final Map<String, String> VETS_200 = HttpServerSpec.requests("/vets", "200");
  static final Map<String, String> SELECT_VETS = JdbcIT.queries("h2", "SELECT", "vets");
  static final Map<String, String> CREATE_VETS = JdbcIT.queries("h2", "CREATE", "vets");
  static final Map<String, String> VET_NOT_AVAILABLE_ERRORS =
      Map.of("error_type", VET_NOT_AVAILABLE, "component", "http");

  private static OtlpReceiver receiver;
  private static AgentApp app;

  @BeforeAll
  static void startTheFatJarWithTheAgent() {
    receiver = OtlpReceiver.start();
    app = springBoot(Jdks.current(), "petclinic-smoke").startServing(HEALTH, SERVING_WITHIN);
    // Actuator answers once Tomcat is up; the seed rows are saved just after.
    app.awaitLogLine("the seed rows saved", l -> l.message().startsWith("outside request: "));
  }

  @AfterAll
  static void stop() {
    Fixtures.closeAll(app, receiver);
  }

  private static AgentApp.Builder springBoot(Jdk jdk, String serviceName) {
    return AgentApp.of(App.SPRING_BOOT).on(jdk).serviceName(serviceName).exportingTo(receiver);
  }

  // ---------------------------------------------------------------- start-up

  @Test
  void everyStartOfTheFatJarServes() {
    int starts = Integer.getInteger(STARTS_PROPERTY, DEFAULT_STARTS);
    List<Jdk> jdks = Jdks.available().collect(Collectors.toList());
    List<String> served = new ArrayList<>();

    for (int i = 1; i <= starts; i++) {
      Jdk jdk = jdks.get((i - 1) % jdks.size());
      String start = "start " + i + " of " + starts + " on " + jdk;
      try (AgentApp started =
          springBoot(jdk, "petclinic-start-" + i).startServing(HEALTH, SERVING_WITHIN)) {
        served.add(String.format(Locale.ROOT, "%s: served after %.1f s", start,
            started.servingAfter().toMillis() / 1000.0));
        System.out.println("[spring-boot starts] " + served.get(served.size() - 1));
      } catch (AssertionError | RuntimeException hung) {
        throw new AssertionError(start + ": " + hung.getMessage()
            + "\nThe starts before:\n" + String.join("\n", served), hung);
      }
    }
    assertThat(served).hasSize(starts);
  }

  // ---------------------------------------------------------------- requests and queries

  @Test
  void theVetsAreServedAndCountedUnderTheirRouteTemplateAndTheirQueriesUnderTheirTable() {
    MetricsScrape before = app.scrape();

    HttpResponse<String> all = app.get("/vets");
    HttpResponse<String> one = app.get("/vets/1");

    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.body()).contains("\"lastName\":\"Carter\"", "\"lastName\":\"Ortega\"");
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.body()).contains("\"id\":1", "\"lastName\":\"Carter\"");
    awaitScrape("http_requests_total{GET,/vets/{id},200} + 1, {GET,/vets,200} + 1, and the two"
        + " JPA queries in database_query_duration_seconds{h2,SELECT,vets}", scrape -> {
          assertThat(scrape.value("http_requests_total", VET_200))
              .isEqualTo(before.valueOrZero("http_requests_total", VET_200) + 1);
          assertThat(scrape.value("http_requests_total", VETS_200))
              .isEqualTo(before.valueOrZero("http_requests_total", VETS_200) + 1);
          assertThat(scrape.value("database_query_duration_seconds_count", SELECT_VETS))
              .isGreaterThanOrEqualTo(
                  before.valueOrZero("database_query_duration_seconds_count", SELECT_VETS) + 2);
        });
  }

  // ---------------------------------------------------------------- an exception in a controller

  @Test
  void theErrorsOwnLogLinesCarryTheTraceIdOfItsServerSpan() {
    String vet = HttpServerSpec.uniqueId();
    Traceparent trace = Traceparent.random();

    OptionalInt status = app.getOnce("/boom?vet=" + vet, Map.of("traceparent", trace.header()));

    assertThat(status).hasValue(500);
    ReceivedSpan server = receiver.awaitSpanOfTrace(trace.traceId(), SpanKind.SPAN_KIND_SERVER);
    assertThat(server.traceId()).isEqualTo(trace.traceId());
    List<LogLine> lines = linesOfTheRequestFrom("looking for vet " + vet + " on call");
    assertThat(lines).as("the request's lines, from the controller's on: %s", lines)
        .anySatisfy(l -> assertThat(l.message())
            .startsWith("Servlet.service() for servlet [dispatcherServlet]")
            .contains("threw exception", VET_NOT_AVAILABLE + ": vet " + vet + " is not on call"))
        .anySatisfy(l -> assertThat(l.message()).isEqualTo("dispatch ERROR /error"));
    assertThat(lines).as("the controller's line, Tomcat's and those of the /error dispatch")
        .allSatisfy(l -> assertThat(l.traceId()).as("trace_id of '%s'", l.message())
            .isEqualTo(server.traceId()));
  }

  @Test
  void theErrorIsTheApplicationsExceptionNotTheServletExceptionWrappingIt() {
    MetricsScrape before = app.scrape();
    Traceparent trace = Traceparent.random();

    OptionalInt status = app.getOnce("/boom?vet=" + HttpServerSpec.uniqueId(),
        Map.of("traceparent", trace.header()));

    assertThat(status).hasValue(500);
    ReceivedSpan server = receiver.awaitSpanOfTrace(trace.traceId(), SpanKind.SPAN_KIND_SERVER);
    awaitScrape("http_requests_total{GET,/boom,500} + 1", scrape -> assertThat(
        scrape.value("http_requests_total", HttpServerSpec.requests("/boom", "500")))
        .isEqualTo(before.valueOrZero("http_requests_total",
            HttpServerSpec.requests("/boom", "500")) + 1));
    MetricsScrape scrape = app.scrape();
    SoftAssertions.assertSoftly(softly -> {
      softly.assertThat(scrape.valueOrZero("errors_total", VET_NOT_AVAILABLE_ERRORS))
          .as("errors_total%s; errors_total has: %s", VET_NOT_AVAILABLE_ERRORS,
              scrape.series("errors_total"))
          .isEqualTo(before.valueOrZero("errors_total", VET_NOT_AVAILABLE_ERRORS) + 1);
      softly.assertThat(scrape.series("errors_total"))
          .as("errors_total: the application's exception, never the ServletException wrapping it")
          .noneMatch(s -> s.labels().getOrDefault("error_type", "").contains("ServletException"));
      softly.assertThat(server.attributes()).as("the SERVER span's attributes")
          .containsEntry("error.type", VET_NOT_AVAILABLE);
    });
  }

  // ---------------------------------------------------------------- table labels

  @Test
  void aDdlStatementIsTimedUnderTheTableItChanges() {
    MetricsScrape before = app.scrape();

    HttpResponse<String> response = app.get("/admin/reindex");

    assertThat(response.body()).isEqualTo("reindexed, range 3");
    awaitScrape("CREATE INDEX ON vets (last_name) in database_query_duration_seconds"
        + "{h2,CREATE,vets}", scrape ->
        assertThat(scrape.valueOrZero("database_query_duration_seconds_count", CREATE_VETS))
            .as("database_query_duration_seconds_count%s (Hibernate's CREATE TABLE vets at"
                + " start-up counts there too); the h2 CREATE series before: %s, now: %s",
                CREATE_VETS, h2Creates(before), h2Creates(scrape))
            .isEqualTo(before.valueOrZero("database_query_duration_seconds_count", CREATE_VETS)
                + 1));
  }

  @Test
  void aTableFunctionIsNoTable() {
    MetricsScrape before = app.scrape();

    HttpResponse<String> response = app.get("/admin/reindex");

    assertThat(response.body()).isEqualTo("reindexed, range 3");
    awaitScrape("SELECT * FROM SYSTEM_RANGE(1, 3) timed: one more h2 SELECT", scrape ->
        assertThat(h2Selects(scrape)).isGreaterThanOrEqualTo(h2Selects(before) + 1));
    assertThat(app.scrape().labelValues("database_query_duration_seconds_count", "table"))
        .as("the table labels of database_query_duration_seconds")
        .noneMatch(table -> table.toLowerCase(Locale.ROOT).contains("system_range"));
  }

  // ---------------------------------------------------------------- URL rewriting

  @Test
  void noSessionIdFromARewrittenUrlReachesASpan() {
    HttpResponse<String> login = app.get("/login");
    assertThat(login.statusCode()).isEqualTo(302);
    String location = login.headers().firstValue("Location").orElseThrow();
    assertThat(location).as("Tomcat rewrites the redirect of a client without cookies")
        .contains(";jsessionid=");
    String sessionId = location.substring(location.indexOf(";jsessionid=") + 12);
    Traceparent trace = Traceparent.random();

    // Followed as a client without cookies does: the session id travels in the path.
    HttpResponse<String> vets = app.get(URI.create(location).getRawPath(),
        Map.of("traceparent", trace.header()));

    assertThat(vets.statusCode()).isEqualTo(200);
    assertThat(vets.body()).contains("\"lastName\":\"Carter\"");
    ReceivedSpan server = receiver.awaitSpanOfTrace(trace.traceId(), SpanKind.SPAN_KIND_SERVER);
    // Spans are exported in the order they end: the login's is in too.
    List<ReceivedSpan> spans = receiver.spans().stream()
        .filter(span -> app.serviceName().equals(span.resource().get("service.name")))
        .collect(Collectors.toList());
    SoftAssertions.assertSoftly(softly -> {
      softly.assertThat(server.attributes()).as("the redirected request's SERVER span")
          .containsEntry("url.path", "/vets");
      softly.assertThat(spans).as("every span of the app").isNotEmpty().allSatisfy(span -> {
        String everything = span.name() + " " + span.attributes() + " " + span.events();
        assertThat(everything).as("name, attributes and events of %s", span)
            .doesNotContainIgnoringCase("jsessionid")
            .doesNotContain(sessionId);
      });
    });
  }

  // ---------------------------------------------------------------- helpers

  /**
   * The app's log lines of one request, from the first line whose message is {@code first}: the
   * lines its thread logs after it until that thread's next request (Tomcat dispatches to /error
   * on the thread of the request), once the /error dispatch's line is among them.
   */
  private static List<LogLine> linesOfTheRequestFrom(String first) {
    return await("the lines from '" + first + "' to the /error dispatch's")
        .atMost(OtlpReceiver.WAIT)
        .until(() -> {
          List<LogLine> all = app.logLines();
          int start = -1;
          for (int i = 0; i < all.size() && start < 0; i++) {
            if (all.get(i).message().equals(first)) {
              start = i;
            }
          }
          if (start < 0) {
            return List.<LogLine>of();
          }
          String thread = all.get(start).thread();
          List<LogLine> lines = new ArrayList<>(List.of(all.get(start)));
          for (LogLine line : all.subList(start + 1, all.size())) {
            if (line.thread().equals(thread)) {
              if (line.message().startsWith("dispatch REQUEST ")) {
                break;
              }
              lines.add(line);
            }
          }
          return lines;
        }, lines -> lines.stream().anyMatch(l -> l.message().equals("dispatch ERROR /error")));
  }

  private static List<Sample> h2Creates(MetricsScrape scrape) {
    return scrape.series("database_query_duration_seconds_count").stream()
        .filter(s -> "h2".equals(s.labels().get("db_system"))
            && "CREATE".equals(s.labels().get("query_type")))
        .collect(Collectors.toList());
  }

  private static double h2Selects(MetricsScrape scrape) {
    return scrape.series("database_query_duration_seconds_count").stream()
        .filter(s -> "h2".equals(s.labels().get("db_system"))
            && "SELECT".equals(s.labels().get("query_type")))
        .mapToDouble(Sample::value).sum();
  }

  /** Scrapes until {@code assertion} holds (at most {@link OtlpReceiver#WAIT}). */
  private static void awaitScrape(String description, Consumer<MetricsScrape> assertion) {
    await(description).atMost(OtlpReceiver.WAIT)
        .untilAsserted(() -> assertion.accept(app.scrape()));
  }
}

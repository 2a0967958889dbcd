package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.LogLine;
import dev.sonde.smoke.harness.MetricsScrape;
import dev.sonde.smoke.harness.OtlpReceiver;
import dev.sonde.smoke.harness.ReceivedSpan;
import dev.sonde.smoke.harness.Sample;
import dev.sonde.smoke.harness.Traceparent;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import java.net.http.HttpResponse;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.Test;

/**
 * What the agent must produce for any instrumented HTTP server: the scrape, the spans and the log
 * correlation, checked against one running app (started once per test class by the subclass and
 * shared by its tests, so every count here is a difference between two scrapes).
 */
abstract class HttpServerSpec {

  static final String SONDE_VERSION = System.getProperty("sonde.version", "0.1.0-SNAPSHOT");

  /** The SLO thresholds every duration histogram must have as buckets, as simpleclient prints them. */
  static final List<String> SLO_BUCKETS = List.of("0.005", "0.01", "0.025", "0.05", "0.1", "0.2",
      "0.25", "0.5", "1.0", "2.0", "2.5", "5.0", "10.0", "+Inf");

  static final Map<String, String> USERS_200 = requests("/users/{id}", "200");
  static final Map<String, String> USERS = durations("/users/{id}");

  /** The app under test, with the agent attached and exporting to {@link #receiver()}. */
  protected abstract AgentApp app();

  protected abstract OtlpReceiver receiver();

  /** What a client sees when a handler throws: a status, or nothing (the server drops the connection). */
  protected abstract OptionalInt statusSeenWhenHandlerThrows();

  /** A cheap request whose span, once received, proves every earlier span was exported. */
  protected String barrierPath() {
    return "/users/1";
  }

  // ---------------------------------------------------------------- metrics

  @Test
  void everyRequestIsCountedOnceUnderItsRouteTemplateNeverItsRawPath() {
    double before = app().scrape().valueOrZero("http_requests_total", USERS_200);

    for (String id : List.of("42", "7", "1001")) {
      HttpResponse<String> response = app().get("/users/" + id);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("user " + id);
    }

    awaitScrape("http_requests_total{GET,/users/{id},200} + 3", scrape ->
        assertThat(scrape.value("http_requests_total", USERS_200)).isEqualTo(before + 3));
    MetricsScrape scrape = app().scrape();
    assertThat(scrape.labelSets("http_requests_total"))
        .as("every http_requests_total series has exactly the labels method, endpoint, status_code")
        .allSatisfy(labels -> assertThat(labels).containsOnlyKeys("method", "endpoint", "status_code"));
    assertThat(scrape.labelValues("http_requests_total", "endpoint"))
        .as("endpoints are route templates: no raw id segment")
        .noneMatch(endpoint -> endpoint.matches(".*/[0-9]+(/.*)?"));
  }

  @Test
  void requestDurationsFormAHistogramWithTheSloBuckets() {
    double countBefore = app().scrape().valueOrZero("http_request_duration_seconds_count", USERS);

    for (String id : List.of("11", "12", "13")) {
      assertThat(app().get("/users/" + id).statusCode()).isEqualTo(200);
    }

    awaitScrape("http_request_duration_seconds_count{GET,/users/{id}} + 3", scrape ->
        assertThat(scrape.value("http_request_duration_seconds_count", USERS))
            .isEqualTo(countBefore + 3));
    MetricsScrape scrape = app().scrape();
    double count = scrape.value("http_request_duration_seconds_count", USERS);
    assertThat(scrape.value("http_request_duration_seconds_sum", USERS)).isPositive();
    List<Sample> buckets = scrape.series("http_request_duration_seconds_bucket").stream()
        .filter(s -> "/users/{id}".equals(s.labels().get("endpoint")))
        .sorted(Comparator.comparingDouble(s -> leOf(s)))
        .collect(Collectors.toList());
    assertThat(buckets)
        .allSatisfy(b -> assertThat(b.labels()).containsOnlyKeys("method", "endpoint", "le")
            .containsEntry("method", "GET"));
    assertThat(buckets.stream().map(b -> b.labels().get("le"))).containsAll(SLO_BUCKETS);
    assertThat(buckets.get(buckets.size() - 1).value()).as("the +Inf bucket holds every request")
        .isEqualTo(count);
    for (int i = 1; i < buckets.size(); i++) {
      assertThat(buckets.get(i).value()).as("buckets are cumulative: %s", buckets)
          .isGreaterThanOrEqualTo(buckets.get(i - 1).value());
    }
    assertThat(scrape.labelSets("http_request_duration_seconds_count"))
        .allSatisfy(labels -> assertThat(labels).containsOnlyKeys("method", "endpoint"));
  }

  @Test
  void nothingIsInFlightOnceEveryResponseHasBeenSent() {
    for (int i = 0; i < 5; i++) {
      assertThat(app().get("/users/" + (500 + i)).statusCode()).isEqualTo(200);
    }

    awaitScrape("http_requests_in_flight back to 0", scrape ->
        assertThat(scrape.value("http_requests_in_flight", Map.of())).isZero());
  }

  @Test
  void anExceptionEscapingTheHandlerIsA500AndAnError() {
    Map<String, String> boom500 = requests("/boom", "500");
    Map<String, String> illegalState =
        Map.of("error_type", "java.lang.IllegalStateException", "component", "http");
    MetricsScrape before = app().scrape();
    Traceparent trace = Traceparent.random();

    OptionalInt status = app().getOnce("/boom", Map.of("traceparent", trace.header()));

    assertThat(status).as("the agent does not change what the client sees")
        .isEqualTo(statusSeenWhenHandlerThrows());
    awaitScrape("http_requests_total{GET,/boom,500} and errors_total + 1", scrape -> {
      assertThat(scrape.value("http_requests_total", boom500))
          .isEqualTo(before.valueOrZero("http_requests_total", boom500) + 1);
      assertThat(scrape.value("errors_total", illegalState))
          .isEqualTo(before.valueOrZero("errors_total", illegalState) + 1);
    });
    ReceivedSpan span = onlySpanOf(trace);
    assertThat(span.statusCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
    assertThat(span.attributes()).containsEntry("http.response.status_code", 500L);
    assertThat(span.events()).filteredOn(e -> e.name().equals("exception")).singleElement()
        .satisfies(e -> assertThat(e.attributes())
            .containsEntry("exception.type", "java.lang.IllegalStateException")
            .containsEntry("exception.message", "boom"));
  }

  @Test
  void aPathNothingServesIsA404UnderTheUnmatchedEndpoint() {
    Map<String, String> unmatched404 = requests("_unmatched", "404");
    double before = app().scrape().valueOrZero("http_requests_total", unmatched404);
    Traceparent trace = Traceparent.random();

    HttpResponse<String> response =
        app().get("/no/such/page", Map.of("traceparent", trace.header()));

    assertThat(response.statusCode()).isEqualTo(404);
    awaitScrape("http_requests_total{GET,_unmatched,404} + 1", scrape ->
        assertThat(scrape.value("http_requests_total", unmatched404)).isEqualTo(before + 1));
    assertThat(app().scrape().labelValues("http_requests_total", "endpoint"))
        .doesNotContain("/no/such/page");
    ReceivedSpan span = onlySpanOf(trace);
    assertThat(span.attributes()).containsEntry("http.response.status_code", 404L);
    assertThat(span.attributes().get("http.route")).as("http.route of an unmatched request")
        .isIn(null, "_unmatched");
    assertThat(span.statusCode()).as("a 4xx is the client's error, not the server span's")
        .isNotEqualTo(StatusCode.STATUS_CODE_ERROR);
  }

  @Test
  void theAgentsOwnMetricsEndpointIsNotCountedAsARequest() {
    for (int i = 0; i < 3; i++) {
      app().scrape();
    }
    // A request after the scrapes: once it is counted, any count of the scrapes would be too.
    double before = app().scrape().valueOrZero("http_requests_total", USERS_200);
    assertThat(app().get("/users/77").statusCode()).isEqualTo(200);
    awaitScrape("the request after the scrapes is counted", scrape ->
        assertThat(scrape.value("http_requests_total", USERS_200)).isEqualTo(before + 1));

    MetricsScrape scrape = app().scrape();
    assertThat(scrape.labelValues("http_requests_total", "endpoint")).doesNotContain("/metrics");
    assertThat(scrape.labelValues("http_request_duration_seconds_count", "endpoint"))
        .doesNotContain("/metrics");
  }

  @Test
  void theScrapeDescribesTheAgentAndTheJvm() {
    MetricsScrape scrape = app().scrape();

    assertThat(scrape.value("sonde_info",
        Map.of("version", SONDE_VERSION, "service_name", app().serviceName()))).isEqualTo(1.0);
    double used = scrape.value("memory_usage_bytes", Map.of("memory_type", "used"));
    double total = scrape.value("memory_usage_bytes", Map.of("memory_type", "total"));
    assertThat(used).isPositive();
    assertThat(total).isGreaterThanOrEqualTo(used);
    assertThat(scrape.value("jvm_threads_current", Map.of())).isPositive();
    assertThat(scrape.has("jvm_memory_bytes_used")).as("simpleclient_hotspot memory series").isTrue();
    assertThat(scrape.has("jvm_gc_collection_seconds_count")).as("simpleclient_hotspot GC series").isTrue();
    assertThat(scrape.series("sonde_spans_dropped_total")).as("sonde_spans_dropped_total")
        .isNotEmpty().allSatisfy(s -> assertThat(s.value()).isZero());
    assertThat(scrape.value("sonde_export_failures_total", Map.of("signal", "traces")))
        .as("exports to a healthy collector do not fail").isZero();
  }

  // ---------------------------------------------------------------- spans

  @Test
  void eachRequestIsOneServerSpanContinuingTheCallersTrace() {
    Traceparent trace = Traceparent.random();

    HttpResponse<String> response = app().get("/users/42", Map.of("traceparent", trace.header()));

    assertThat(response.statusCode()).isEqualTo(200);
    ReceivedSpan span = onlySpanOf(trace);
    assertThat(span.name()).isEqualTo("GET /users/{id}");
    assertThat(span.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
    assertThat(span.traceId()).isEqualTo(trace.traceId());
    assertThat(span.parentSpanId()).isEqualTo(trace.parentSpanId());
    assertThat(span.spanId()).matches("[0-9a-f]{16}").isNotEqualTo("0000000000000000")
        .isNotEqualTo(trace.parentSpanId());
    assertThat(span.statusCode()).isNotEqualTo(StatusCode.STATUS_CODE_ERROR);
    assertThat(span.duration()).isPositive();
    assertThat(span.attributes())
        .containsEntry("http.request.method", "GET")
        .containsEntry("url.path", "/users/42")
        .containsEntry("url.scheme", "http")
        .containsEntry("http.route", "/users/{id}")
        .containsEntry("http.response.status_code", 200L)
        .containsEntry("server.address", "127.0.0.1")
        .containsEntry("server.port", (long) app().port())
        .containsEntry("network.protocol.version", "1.1");
    assertThat(span.resource())
        .containsEntry("service.name", app().serviceName())
        .containsEntry("process.pid", app().pid());
    assertThat(span.resource().get("host.name")).asString().isNotBlank();
    assertThat(span.resource().get("telemetry.sdk.name")).asString().isNotBlank();
  }

  @Test
  void aTokenInTheQueryIsRedactedInTheSpanAndTheOtherParametersAreKept() {
    Traceparent trace = Traceparent.random();

    HttpResponse<String> response = app().get("/users/43?token=abc&page=2",
        Map.of("traceparent", trace.header()));

    assertThat(response.statusCode()).isEqualTo(200);
    ReceivedSpan span = onlySpanOf(trace);
    assertThat(span.attributes()).containsEntry("url.path", "/users/43")
        .containsEntry("url.query", "token=REDACTED&page=2");
  }

  @Test
  void aRequestWithoutTraceparentStartsANewTrace() {
    String path = "/users/" + uniqueId();

    assertThat(app().get(path).statusCode()).isEqualTo(200);

    ReceivedSpan span = receiver().awaitSpan("the span of " + path,
        s -> path.equals(s.attributes().get("url.path")));
    assertThat(span.parentSpanId()).as("a root span has no parent").isEmpty();
    assertThat(span.traceId()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
  }

  // ---------------------------------------------------------------- request ids and logs

  @Test
  void theResponseCarriesTheCallersRequestIdOrANewOne() {
    HttpResponse<String> echoed = app().get("/users/5", Map.of("X-Request-ID", "abc-123"));
    HttpResponse<String> first = app().get("/users/5");
    HttpResponse<String> second = app().get("/users/5");

    assertThat(echoed.headers().allValues("X-Request-ID")).containsExactly("abc-123");
    assertThat(first.headers().firstValue("X-Request-ID")).hasValueSatisfying(
        id -> assertThat(id).isNotBlank());
    assertThat(second.headers().firstValue("X-Request-ID")).hasValueSatisfying(
        id -> assertThat(id).isNotBlank().isNotEqualTo(first.headers().firstValue("X-Request-ID").get()));
  }

  @Test
  void aLineLoggedDuringARequestCarriesItsTraceSpanAndRequestIds() {
    Traceparent trace = Traceparent.random();
    String id = uniqueId();
    String requestId = "req-" + id;

    HttpResponse<String> response = app().get("/users/" + id,
        Map.of("traceparent", trace.header(), "X-Request-ID", requestId));

    assertThat(response.statusCode()).isEqualTo(200);
    ReceivedSpan span = onlySpanOf(trace);
    LogLine line = app().awaitLogMessage("loading user " + id);
    assertThat(line.traceId()).isEqualTo(trace.traceId());
    assertThat(line.spanId()).isEqualTo(span.spanId());
    assertThat(line.traceFlags()).isEqualTo("01");
    assertThat(line.requestId()).isEqualTo(requestId);
  }

  @Test
  void aGeneratedRequestIdIsTheOneLoggedAndTheOneReturned() {
    String id = uniqueId();

    HttpResponse<String> response = app().get("/users/" + id);

    String returned = response.headers().firstValue("X-Request-ID").orElseThrow(
        () -> new AssertionError("no X-Request-ID on the response: " + response.headers()));
    assertThat(app().awaitLogMessage("loading user " + id).requestId()).isEqualTo(returned);
  }

  @Test
  void aLineLoggedOutsideAnyRequestHasEmptyIds() {
    LogLine line = app().awaitLogMessage("outside request");

    assertThat(line.traceId()).isEmpty();
    assertThat(line.spanId()).isEmpty();
    assertThat(line.traceFlags()).isEmpty();
    assertThat(line.requestId()).isEmpty();
  }

  // ---------------------------------------------------------------- helpers

  /**
   * The one span of {@code trace}, once it is certain no other is coming: after it arrives, a
   * barrier request is sent and its span awaited. The exporter sends spans in the order they
   * ended, and any second span of the same request would have ended before the barrier's.
   */
  protected ReceivedSpan onlySpanOf(Traceparent trace) {
    receiver().awaitSpanOfTrace(trace.traceId());
    Traceparent barrier = Traceparent.random();
    assertThat(app().get(barrierPath(), Map.of("traceparent", barrier.header())).statusCode())
        .isEqualTo(200);
    receiver().awaitSpanOfTrace(barrier.traceId());
    List<ReceivedSpan> spans = receiver().spansOfTrace(trace.traceId());
    assertThat(spans).as("spans of trace %s", trace.traceId()).hasSize(1);
    return spans.get(0);
  }

  /** Scrapes until {@code assertion} holds (at most {@link OtlpReceiver#WAIT}). */
  protected void awaitScrape(String description, ScrapeAssertion assertion) {
    ThrowingRunnable check = () -> assertion.check(app().scrape());
    await(description).atMost(OtlpReceiver.WAIT).untilAsserted(check);
  }

  /** An assertion on one scrape. */
  @FunctionalInterface
  interface ScrapeAssertion {
    void check(MetricsScrape scrape);
  }

  static Map<String, String> requests(String endpoint, String statusCode) {
    return Map.of("method", "GET", "endpoint", endpoint, "status_code", statusCode);
  }

  static Map<String, String> durations(String endpoint) {
    return Map.of("method", "GET", "endpoint", endpoint);
  }

  /** A numeric id no other request of the run uses, so its log lines and spans are its own. */
  static String uniqueId() {
    return String.valueOf(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L));
  }

  private static double leOf(Sample bucket) {
    String le = bucket.labels().get("le");
    return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
  }
}

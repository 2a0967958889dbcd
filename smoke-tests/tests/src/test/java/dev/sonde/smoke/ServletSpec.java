package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.smoke.harness.Http;
import dev.sonde.smoke.harness.LogLine;
import dev.sonde.smoke.harness.ReceivedSpan;
import dev.sonde.smoke.harness.Traceparent;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What servlet containers add to {@link HttpServerSpec}: filters, forwards and async servlets are
 * all part of one request, so of one span and one count.
 */
abstract class ServletSpec extends HttpServerSpec {

  /** How long the app's /async servlet works before completing, by default. */
  static final Duration ASYNC_WORK = Duration.ofMillis(300);

  @Override
  protected OptionalInt statusSeenWhenHandlerThrows() {
    return OptionalInt.of(500);
  }

  @Test
  void aFilterAndTheServletBehindItLogUnderTheSameSpan() {
    Traceparent trace = Traceparent.random();
    String id = uniqueId();

    assertThat(app().get("/users/" + id, Map.of("traceparent", trace.header())).statusCode())
        .isEqualTo(200);

    ReceivedSpan span = onlySpanOf(trace);
    LogLine filter = app().awaitLogMessage("filter saw /users/" + id);
    LogLine servlet = app().awaitLogMessage("loading user " + id);
    assertThat(filter.traceId()).isEqualTo(trace.traceId());
    assertThat(filter.spanId()).isEqualTo(span.spanId());
    assertThat(servlet.spanId()).isEqualTo(span.spanId());
  }

  @Test
  void aForwardToAnotherServletIsStillOneRequestOneSpan() {
    double allRequestsBefore = app().scrape().sum("http_requests_total");
    Traceparent trace = Traceparent.random();

    HttpResponse<String> response = app().get("/forward", Map.of("traceparent", trace.header()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("user 7");
    ReceivedSpan span = onlySpanOf(trace); // also sends one barrier request
    assertThat(span.attributes())
        .containsEntry("url.path", "/forward")
        .containsEntry("http.response.status_code", 200L);
    awaitScrape("the forward and the barrier: two requests in all", scrape ->
        assertThat(scrape.sum("http_requests_total")).isEqualTo(allRequestsBefore + 2));
  }

  @Test
  void anAsyncRequestEndsWhenItsWorkCompletesNotWhenTheServletReturns() {
    Map<String, String> async = durations("/async");
    double countBefore = app().scrape().valueOrZero("http_request_duration_seconds_count", async);
    double sumBefore = app().scrape().valueOrZero("http_request_duration_seconds_sum", async);
    Traceparent trace = Traceparent.random();

    HttpResponse<String> response = app().get("/async", Map.of("traceparent", trace.header()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("async done");
    ReceivedSpan span = onlySpanOf(trace);
    assertThat(span.duration()).isGreaterThanOrEqualTo(ASYNC_WORK);
    assertThat(span.attributes()).containsEntry("http.response.status_code", 200L);
    awaitScrape("http_request_duration_seconds{GET,/async} + 1 request of >= 0.3 s", scrape -> {
      assertThat(scrape.value("http_request_duration_seconds_count", async))
          .isEqualTo(countBefore + 1);
      assertThat(scrape.value("http_request_duration_seconds_sum", async) - sumBefore)
          .isGreaterThanOrEqualTo(ASYNC_WORK.toMillis() / 1000.0);
      assertThat(scrape.value("http_requests_total", requests("/async", "200"))).isPositive();
    });
  }

  @Test
  void anAsyncRequestIsInFlightUntilItCompletes() {
    CompletableFuture<HttpResponse<String>> slow =
        CompletableFuture.supplyAsync(() -> Http.get(app().uri("/async?millis=3000")));

    awaitScrape("the slow async request in flight", scrape ->
        assertThat(scrape.value("http_requests_in_flight", Map.of())).isEqualTo(1.0));
    assertThat(slow.join().body()).isEqualTo("async done");
    awaitScrape("nothing in flight after it completed", scrape ->
        assertThat(scrape.value("http_requests_in_flight", Map.of())).isZero());
  }
}

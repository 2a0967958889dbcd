package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.App;
import dev.sonde.smoke.harness.LogLine;
import dev.sonde.smoke.harness.MetricsScrape;
import dev.sonde.smoke.harness.OtlpReceiver;
import dev.sonde.smoke.harness.Ports;
import dev.sonde.smoke.harness.ReceivedSpan;
import dev.sonde.smoke.harness.Traceparent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Failure is quiet and bounded: when what the agent depends on is missing, the application goes on
 * exactly as before and the agent says so once.
 */
class QuietFailureIT {

  private static final Map<String, String> USERS_200 =
      Map.of("method", "GET", "endpoint", "/users/{id}", "status_code", "200");

  @Test
  void withNoCollectorListeningEveryRequestIsStillServedAndTheLostSpansAreCounted() {
    String nothingListens = "http://" + Ports.LOOPBACK + ":" + Ports.free();
    try (AgentApp app = AgentApp.of(App.JDK_HTTPSERVER).otlpEndpoint(nothingListens).start()) {

      for (int i = 1; i <= 20; i++) {
        HttpResponse<String> response = app.get("/users/" + i);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("user " + i);
      }

      await("export failures or dropped spans counted").atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> {
            MetricsScrape scrape = app.scrape();
            assertThat(scrape.valueOrZero("sonde_export_failures_total", Map.of("signal", "traces"))
                + scrape.sum("sonde_spans_dropped_total")).isPositive();
          });
      assertThat(app.scrape().value("http_requests_total", USERS_200))
          .as("metrics do not depend on the collector").isEqualTo(20.0);
      assertThat(app.sondeLines("ERROR")).isEmpty();
      assertThat(app.sondeLines("WARN")).as("at most one WARN a minute about it").hasSizeLessThanOrEqualTo(1);
    }
  }

  @Test
  void withTheMetricsPortTakenOneErrorNamesThePortAndItsKeyAndTracesAndLogsGoOn()
      throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName(Ports.LOOPBACK));
        OtlpReceiver receiver = OtlpReceiver.start();
        AgentApp app = AgentApp.of(App.JDK_HTTPSERVER).metricsPort(taken.getLocalPort())
            .metricsEndpointNotExpected().exportingTo(receiver).start()) {
      int port = taken.getLocalPort();

      // With no metrics port to wait for, the first requests may come before the agent has
      // finished instrumenting in the background: ask until one is traced.
      Map<String, Traceparent> sent = new ConcurrentHashMap<>();
      ReceivedSpan span = await("a traced request").atMost(OtlpReceiver.WAIT)
          .pollInterval(Duration.ofMillis(250))
          .until(() -> {
            String id = String.valueOf(sent.size() + 1);
            Traceparent trace = Traceparent.random();
            sent.put(id, trace);
            HttpResponse<String> response =
                app.get("/users/" + id, Map.of("traceparent", trace.header()));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("user " + id);
            return receiver.spans().stream().filter(s -> sent.values().stream()
                .anyMatch(t -> t.traceId().equals(s.traceId()))).findFirst().orElse(null);
          }, s -> s != null);

      assertThat(span.name()).isEqualTo("GET /users/{id}");
      String tracedId = ((String) span.attributes().get("url.path")).substring("/users/".length());
      assertThat(app.awaitLogMessage("loading user " + tracedId).traceId())
          .as("log correlation goes on").isEqualTo(sent.get(tracedId).traceId());
      List<String> errors = app.sondeLines("ERROR");
      assertThat(errors).as("stderr: %s", app.stderrLines()).singleElement().asString()
          .contains(String.valueOf(port))
          .contains("sonde.metrics.port");
    }
  }

  @Test
  void withAnInstrumentationTurnedOffTheAppWorksAndThatLibraryIsLeftAlone() {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        AgentApp app = AgentApp.of(App.TOMCAT9).exportingTo(receiver)
            .systemProperty("sonde.instrumentation.servlet.enabled", "false").start()) {

      HttpResponse<String> response = app.get("/users/42", Map.of("X-Request-ID", "abc-123"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("user 42");
      assertThat(response.headers().firstValue("X-Request-ID")).isEmpty();
      LogLine line = app.awaitLogMessage("loading user 42");
      assertThat(line.traceId()).isEmpty();
      assertThat(line.requestId()).isEmpty();
      MetricsScrape scrape = app.scrape();
      assertThat(scrape.series("sonde_info")).as("the agent itself runs").hasSize(1);
      assertThat(scrape.series("http_requests_total")).isEmpty();
      assertThat(scrape.series("http_request_duration_seconds_count")).isEmpty();
      assertThat(receiver.spans()).isEmpty();
    }
  }
}

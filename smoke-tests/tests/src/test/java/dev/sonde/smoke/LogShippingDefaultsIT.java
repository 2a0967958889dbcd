package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.App;
import dev.sonde.smoke.harness.LogLine;
import dev.sonde.smoke.harness.MetricsScrape;
import dev.sonde.smoke.harness.OtlpReceiver;
import dev.sonde.smoke.harness.Ports;
import dev.sonde.smoke.harness.Traceparent;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Log shipping off by default, and quiet when it fails: for the Logback app (Tomcat 9) and the
 * Log4j 2 app (JDK HttpServer).
 */
class LogShippingDefaultsIT {

  private static final Map<String, String> LOGS = Map.of("signal", "logs");

  @ParameterizedTest
  @EnumSource(value = App.class, names = {"TOMCAT9", "JDK_HTTPSERVER"})
  void byDefaultNothingIsSentToTheLogsEndpointAndLogCorrelationGoesOn(App app) {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        AgentApp running = AgentApp.of(app).exportingTo(receiver)
            .systemProperty("app.tick.millis", "50").start()) {
      Traceparent trace = Traceparent.random();

      assertThat(running.get("/users/11", Map.of("traceparent", trace.header())).statusCode())
          .isEqualTo(200);

      receiver.awaitSpanOfTrace(trace.traceId());
      assertThat(running.awaitLogMessage("loading user 11").traceId()).isEqualTo(trace.traceId());
      // The spans' export delay is the logs' too (200 ms here): a second of nothing is nothing.
      await("no log export request").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
          .until(() -> receiver.logRequests() == 0 && receiver.logRecords().isEmpty());
      MetricsScrape scrape = running.scrape();
      assertThat(scrape.value("sonde_logs_dropped_total", Map.of())).isZero();
      assertThat(scrape.value("sonde_export_failures_total", LOGS)).isZero();
      assertThat(running.sondeLines("INFO")).filteredOn(l -> l.contains("Started"))
          .singleElement().asString().contains("logs not shipped");
    }
  }

  @ParameterizedTest
  @EnumSource(value = App.class, names = {"TOMCAT9", "JDK_HTTPSERVER"})
  void withNoCollectorListeningTheAppLogsAsAlwaysAndTheLostRecordsAreCounted(App app) {
    String nothingListens = "http://" + Ports.LOOPBACK + ":" + Ports.free();
    try (AgentApp running = AgentApp.of(app).otlpEndpoint(nothingListens)
        .systemProperty("sonde.logs.exporter", "otlp")
        .systemProperty("sonde.logs.queue.size", "16")
        .systemProperty("app.tick.millis", "10")
        .start()) {
      List<String> ids = new ArrayList<>();
      for (int i = 1; i <= 30; i++) {
        String id = String.valueOf(1000 + i);
        ids.add(id);
        HttpResponse<String> response = running.get("/users/" + id);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("user " + id);
      }

      for (String id : ids) {
        LogLine line = running.awaitLogMessage("loading user " + id);
        assertThat(line.traceId()).as("the app's own line, correlated as ever").matches("[0-9a-f]{32}");
      }
      await("lost log records counted").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        MetricsScrape scrape = running.scrape();
        assertThat(scrape.value("sonde_logs_dropped_total", Map.of())
            + scrape.value("sonde_export_failures_total", LOGS)).isPositive();
      });
      assertThat(running.sondeLines("ERROR")).isEmpty();
      assertThat(running.sondeLines("WARN")).as("at most one WARN a minute per signal")
          .hasSizeLessThanOrEqualTo(2);
    }
  }
}

package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.AgentHealth;
import dev.sonde.smoke.harness.App;
import dev.sonde.smoke.harness.FaultyCollector;
import dev.sonde.smoke.harness.FaultyCollector.Mode;
import dev.sonde.smoke.harness.FaultyCollector.Request;
import dev.sonde.smoke.harness.Ports;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The collector fails in every way it can while the application is under load: refused, hanging
 * before it answers, no longer reading mid-upload, 500, 429 with {@code Retry-After}, bytes that
 * are not HTTP. Every application request is served promptly, each failed export request counts,
 * {@code /health} shows the exporter degraded while it fails or hangs and healthy once the
 * collector answers again, and the password in the endpoint's user info is in no output. A bad
 * endpoint value leaves the metrics and health endpoints up.
 */
class CollectorFaultsIT {

  private static final String PASSWORD = "s3cr3t-pw";
  private static final int TIMEOUT_MILLIS = 1000;
  /** Long enough for a few export rounds (every 200 ms) and a request at its timeout. */
  private static final Duration PHASE = Duration.ofSeconds(15);
  private static final Map<String, String> TRACES = Map.of("signal", "traces");
  /**
   * A long query string, recorded in each span's {@code url.query}: a batch's upload is then
   * megabytes, more than the socket buffers hold when the collector stops reading.
   */
  private static final String PAD = "x".repeat(4000);

  /** Requests from four threads, until stopped; each one's status and duration kept. */
  private static final class Load implements AutoCloseable {
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    final AtomicLong served = new AtomicLong();
    final AtomicLong slowestNanos = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    Load(AgentApp app) {
      for (int t = 0; t < 4; t++) {
        int first = t;
        Thread thread = new Thread(() -> {
          for (int i = first; running.get(); i += 4) {
            long started = System.nanoTime();
            try {
              HttpResponse<String> response = app.get("/users/" + i + "?pad=" + PAD);
              if (response.statusCode() != 200 || !response.body().equals("user " + i)) {
                failures.add(response.statusCode() + " " + response.body());
              }
            } catch (RuntimeException e) {
              failures.add(e.toString());
            }
            slowestNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
            served.incrementAndGet();
            try {
              Thread.sleep(2);
            } catch (InterruptedException e) {
              return;
            }
          }
        }, "load-" + t);
        thread.setDaemon(true);
        thread.start();
        threads.add(thread);
      }
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      for (Thread thread : threads) {
        thread.join(15_000);
      }
    }
  }

  @Test
  void everyWayTheCollectorFailsLeavesTheAppServingCountsTheFailuresAndShowsThemInHealth()
      throws Exception {
    try (FaultyCollector collector = FaultyCollector.start();
        AgentApp app = AgentApp.of(App.JDK_HTTPSERVER)
            .otlpEndpoint("http://user:" + PASSWORD + "@" + Ports.LOOPBACK + ":" + collector.port())
            .systemProperty("sonde.exporter.otlp.timeout", String.valueOf(TIMEOUT_MILLIS))
            .start()) {
      AgentHealth health = new AgentHealth(app.metricsPort());
      Load load = new Load(app);
      try {
        // Accepting: spans arrive with the user info as Basic authorization.
        await("spans accepted").atMost(PHASE).until(() -> collector.acceptedSpans() > 0);
        assertThat(collector.requests().get(0).authorization()).isEqualTo("Basic " + Base64
            .getEncoder().encodeToString(("user:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        awaitExporter(health, "healthy", "");

        collector.mode(Mode.REFUSE);
        awaitFailuresAndDegraded(app, health, "Connection refused");

        collector.mode(Mode.ACCEPT);
        awaitRecovery(collector, health);

        // No longer read: the upload stalls, and the request is held beyond its timeout.
        collector.mode(Mode.STOP_READING);
        awaitFailuresAndDegraded(app, health, "no answer within " + TIMEOUT_MILLIS + " ms");

        collector.mode(Mode.ACCEPT);
        awaitRecovery(collector, health);

        collector.mode(Mode.HANG);
        awaitFailuresAndDegraded(app, health, "no answer within " + TIMEOUT_MILLIS + " ms");

        collector.mode(Mode.ERROR_500);
        awaitFailuresAndDegraded(app, health,
            "HTTP 500 from http://" + Ports.LOOPBACK + ":" + collector.port() + "/v1/traces");

        collector.mode(Mode.GARBAGE);
        awaitFailuresAndDegraded(app, health, "not HTTP");

        // 429 with Retry-After: 1, once: the same batch again a second later, then healthy.
        collector.mode(Mode.ACCEPT);
        awaitRecovery(collector, health);
        collector.mode(Mode.TOO_MANY_REQUESTS_ONCE);
        Request retried = await("the batch answered 429 sent again").atMost(PHASE).until(() -> {
          List<Request> requests = collector.requests();
          for (int i = 0; i + 1 < requests.size(); i++) {
            if (requests.get(i).status() == 429) {
              return requests.get(i + 1);
            }
          }
          return null;
        }, r -> r != null);
        Request throttled = collector.requests().stream().filter(r -> r.status() == 429)
            .findFirst().orElseThrow();
        assertThat(retried.spanIds()).as("the same batch").isEqualTo(throttled.spanIds());
        assertThat(TimeUnit.NANOSECONDS.toMillis(retried.arrivedNanos() - throttled.arrivedNanos()))
            .as("after Retry-After: 1").isBetween(950L, 3000L);
        assertThat(retried.status()).isEqualTo(200);
        awaitExporter(health, "healthy", "");
      } finally {
        load.close();
      }

      assertThat(load.failures).as("every application request served").isEmpty();
      assertThat(load.served.get()).isGreaterThan(100);
      assertThat(Duration.ofNanos(load.slowestNanos.get())).as("the slowest request")
          .isLessThan(Duration.ofSeconds(2));
      String everything = String.join("\n", app.stderrLines()) + String.join("\n",
          app.stdoutLines()) + app.scrape().text() + health.report().json().toString();
      assertThat(everything).as("the endpoint's password, anywhere").doesNotContain(PASSWORD);
      assertThat(app.sondeLines("ERROR")).isEmpty();
      assertThat(app.sondeLines("INFO")).filteredOn(l -> l.contains("Started: "))
          .singleElement().asString()
          .contains("traces http/protobuf to http://" + Ports.LOOPBACK + ":" + collector.port()
              + " (Basic authorization from its user info)");
    }
  }

  @Test
  void anEndpointThatIsNoHttpUrlIsOneWarnAndMetricsAndHealthStayUp() {
    for (String bad : List.of("not a url",
        "ftp://user:" + PASSWORD + "@" + Ports.LOOPBACK + ":21")) {
      try (AgentApp app = AgentApp.of(App.JDK_HTTPSERVER).otlpEndpoint(bad).start()) {

        assertThat(app.get("/users/7").statusCode()).isEqualTo(200);

        await("the request counted").atMost(PHASE).untilAsserted(() -> assertThat(app.scrape()
            .value("http_requests_total", Map.of("method", "GET", "endpoint", "/users/{id}",
                "status_code", "200"))).isEqualTo(1.0));
        AgentHealth.Answer report = new AgentHealth(app.metricsPort()).report();
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.check("otlp_exporter").path("details").path("endpoint").asText())
            .isEqualTo("http://localhost:4318");
        assertThat(app.sondeLines("WARN")).filteredOn(l -> l.contains("Invalid value"))
            .as("stderr: %s", app.stderrLines()).singleElement().asString()
            .contains("sonde.exporter.otlp.endpoint")
            .contains(bad.replace("user:" + PASSWORD + "@", "")).contains("http://localhost:4318");
        assertThat(app.sondeLines("ERROR")).isEmpty();
        assertThat(String.join("\n", app.stderrLines())).doesNotContain(PASSWORD);
      }
    }
  }

  private static double failures(AgentApp app) {
    return app.scrape().valueOrZero("sonde_export_failures_total", TRACES);
  }

  /** Failed export requests counted, and the exporter degraded for {@code reason}. */
  private static void awaitFailuresAndDegraded(AgentApp app, AgentHealth health, String reason) {
    double before = failures(app);
    awaitExporter(health, "degraded", reason);
    await("sonde_export_failures_total growing past " + before).atMost(PHASE)
        .until(() -> failures(app) > before);
  }

  private static void awaitRecovery(FaultyCollector collector, AgentHealth health) {
    int accepted = collector.acceptedSpans();
    await("spans accepted again").atMost(PHASE).until(() -> collector.acceptedSpans() > accepted);
    awaitExporter(health, "healthy", "");
  }

  private static JsonNode awaitExporter(AgentHealth health, String status, String reason) {
    return await("otlp_exporter " + status + " '" + reason + "'").atMost(PHASE)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> health.report().check("otlp_exporter"),
            check -> check.path("status").asText().equals(status)
                && check.path("details").path("reason").asText("").contains(reason));
  }
}

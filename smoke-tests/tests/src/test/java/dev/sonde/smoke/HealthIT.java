package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.AgentHealth;
import dev.sonde.smoke.harness.App;
import dev.sonde.smoke.harness.MetricsScrape;
import dev.sonde.smoke.harness.Ports;
import dev.sonde.smoke.harness.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The health endpoints of the redis app (Jedis 8 and Lettuce 7) with the agent, on the JDK
 * running the tests, against a real redis-server: the report and its checks, judged from the
 * app's own calls; the server stopped makes its check unhealthy and the app not ready (503);
 * started again, both recover. The endpoints are on a port of their own ({@code sonde.health.port})
 * and the health window is 10 s ({@code sonde.health.window}), so that failures leave it within
 * the test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthIT {

  /** Long enough for a lost connection's commands to time out (1 s each in the app) in numbers. */
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static RedisServer redis;
  private static AgentApp app;
  private static AgentHealth health;
  private static String redisCheck;

  @BeforeAll
  static void startRedisAndTheApp() {
    redis = RedisApps.startServer();
    int healthPort = Ports.freeOutsideEphemeralRange();
    app = RedisApps.app(App.REDIS, redis).serviceName("health-smoke")
        .systemProperty("sonde.health.port", String.valueOf(healthPort))
        .systemProperty("sonde.health.window", "10000")
        .start();
    health = new AgentHealth(healthPort);
    redisCheck = "redis:" + redis.host() + ":" + redis.port();
  }

  @AfterAll
  static void stop() {
    Fixtures.closeAll(app, redis);
  }

  @Test
  @Order(1)
  void theReportHasEachCheckWithItsStatusDurationAndDetailsAndASummary() {
    // The app's spans go to a port nothing listens on (the harness's default): the exporter fails.
    // Waited for first: the calls below must still be inside the 10 s window when the report is read.
    assertThat(app.get("/jedis/get/absent").statusCode()).isEqualTo(200);
    await("the exporter's failure").atMost(WAIT).until(health::report,
        r -> r.check("otlp_exporter").path("status").asText().equals("degraded"));
    for (int i = 0; i < 3; i++) {
      assertThat(app.get("/jedis/get/absent").statusCode()).isEqualTo(200);
      assertThat(app.get("/lettuce/sync/get/absent").statusCode()).isEqualTo(200);
    }
    AgentHealth.Answer report = health.report();

    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(report.status()).as("the worst check").isEqualTo("degraded");
    assertThat(Instant.parse(report.json().path("timestamp").asText()))
        .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
    assertThat(report.checkNames()).containsExactly(redisCheck, "jvm_heap", "otlp_exporter");

    JsonNode redisServer = report.check(redisCheck);
    assertThat(redisServer.path("status").asText()).isEqualTo("healthy");
    assertThat(redisServer.path("duration_ms").asDouble()).isNotNegative();
    JsonNode calls = redisServer.path("details");
    assertThat(calls.path("type").asText()).isEqualTo("redis");
    assertThat(calls.path("endpoint").asText()).isEqualTo(redis.host() + ":" + redis.port());
    assertThat(calls.path("window_ms").asLong()).isEqualTo(10_000);
    assertThat(calls.path("calls").asLong()).as("three GETs from each client at least")
        .isGreaterThanOrEqualTo(6);
    assertThat(calls.path("errors").asLong()).isZero();
    assertThat(calls.path("error_ratio").asDouble()).isZero();
    assertThat(calls.path("p95_ms").asDouble()).isPositive();
    assertThat(calls.path("since_last_success_ms").asDouble()).isNotNegative();
    assertThat(calls.path("since_last_error_ms").isNull()).isTrue();
    assertThat(calls.path("last_call_failed").asBoolean()).isFalse();
    assertThat(calls.has("reason")).as("healthy needs no reason").isFalse();

    JsonNode heap = report.check("jvm_heap");
    assertThat(heap.path("status").asText()).isEqualTo("healthy");
    assertThat(heap.path("details").path("used_bytes").asLong()).isPositive();
    assertThat(heap.path("details").path("usage_ratio").asDouble()).isBetween(0.0, 0.9);

    JsonNode exporter = report.check("otlp_exporter").path("details");
    assertThat(exporter.path("exporter").asText()).isEqualTo("otlp");
    assertThat(exporter.path("consecutive_failures").asInt()).isPositive();
    assertThat(exporter.path("reason").asText()).startsWith("the last ").contains("failed: ");

    JsonNode summary = report.json().path("summary");
    assertThat(summary.path("total_checks").asInt()).isEqualTo(3);
    assertThat(summary.path("healthy").asInt()).isEqualTo(2);
    assertThat(summary.path("degraded").asInt()).isEqualTo(1);
    assertThat(summary.path("unhealthy").asInt()).isZero();

    AgentHealth.Answer live = health.live();
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.status()).isEqualTo("alive");
    assertThat(health.ready().statusCode()).as("degraded is still ready").isEqualTo(200);
  }

  @Test
  @Order(2)
  void theHealthEndpointsAreNotTheApplicationsRequests() {
    health.report();
    health.ready();
    health.live();
    assertThat(app.get("/jedis/get/absent").statusCode()).isEqualTo(200);

    await("the app's request counted").atMost(WAIT).untilAsserted(() -> assertThat(
        app.scrape().labelValues("http_requests_total", "endpoint")).contains("/jedis/get/absent"));
    MetricsScrape scrape = app.scrape();
    assertThat(scrape.labelValues("http_requests_total", "endpoint"))
        .doesNotContain("/health", "/health/live", "/health/ready");
  }

  @Test
  @Order(3)
  void aStoppedRedisMakesItsCheckUnhealthyAndTheAppNotReadyUntilItIsBack() {
    for (int i = 0; i < 5; i++) {
      assertThat(app.get("/lettuce/sync/get/absent").statusCode()).isEqualTo(200);
    }
    redis.stop();
    try {
      // Each GET now waits for Lettuce's reconnection and times out after a second.
      AgentHealth.Answer down = await(redisCheck + " unhealthy").atMost(WAIT)
          .pollInterval(Duration.ZERO)
          .until(() -> {
            assertThat(app.get("/lettuce/sync/get/absent").statusCode()).isEqualTo(500);
            return health.report();
          }, r -> r.check(redisCheck).path("status").asText().equals("unhealthy"));

      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.status()).isEqualTo("unhealthy");
      JsonNode calls = down.check(redisCheck).path("details");
      assertThat(calls.path("last_call_failed").asBoolean()).isTrue();
      assertThat(calls.path("errors").asLong()).isGreaterThanOrEqualTo(5);
      assertThat(calls.path("reason").asText()).startsWith("the last call failed, and ");
      AgentHealth.Answer notReady = health.ready();
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.status()).isEqualTo("unhealthy");
      assertThat(health.live().statusCode()).as("the JVM runs on").isEqualTo(200);
      assertThat(down.json().path("summary").path("unhealthy").asInt()).isEqualTo(1);
    } finally {
      redis.startAgain();
    }

    await("the app talking to Redis again").atMost(WAIT).untilAsserted(() ->
        assertThat(app.get("/lettuce/sync/get/absent").statusCode()).isEqualTo(200));
    AgentHealth.Answer recovering = health.report();
    assertThat(recovering.check(redisCheck).path("status").asText())
        .as("the last call succeeded; the window still holds the failures")
        .isIn("degraded", "healthy");
    assertThat(health.ready().statusCode()).isEqualTo(200);

    await(redisCheck + " healthy once the failures left the 10 s window").atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> {
          assertThat(app.get("/lettuce/sync/get/absent").statusCode()).isEqualTo(200);
          AgentHealth.Answer report = health.report();
          assertThat(report.check(redisCheck).path("status").asText()).isEqualTo("healthy");
          assertThat(report.check(redisCheck).path("details").path("errors").asLong()).isZero();
        });
    assertThat(health.ready().statusCode()).isEqualTo(200);
    assertThat(Set.copyOf(health.report().checkNames())).isEqualTo(
        Set.copyOf(List.of(redisCheck, "jvm_heap", "otlp_exporter")));
  }
}

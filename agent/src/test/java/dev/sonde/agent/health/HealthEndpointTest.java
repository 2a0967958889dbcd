package dev.sonde.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sonde.agent.config.AgentSettings;
import dev.sonde.agent.metrics.SelfMetrics;
import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.health.Dependencies;
import dev.sonde.instrumentation.api.health.DependencyWindow;
import io.prometheus.client.CollectorRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The endpoints over real HTTP, on a server of their own, reading real windows. */
class HealthEndpointTest {

  private final HttpClient client = HttpClient.newHttpClient();
  private final Dependencies dependencies = new Dependencies(true, 60_000);
  private HttpServer server;

  private HttpServer start(Map<String, String> properties) throws Exception {
    Config config = new Config(properties, Map.of(), new Properties());
    AgentSettings agent = new AgentSettings(config);
    HealthSettings settings = new HealthSettings(config, agent.metricsPort);
    HealthChecks checks = new HealthChecks(settings, dependencies, agent,
        new SelfMetrics(new CollectorRegistry(true), "test", "svc"));
    server = HealthEndpoint.startOwnServer("127.0.0.1", settings, checks);
    return server;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + server.getAddress().getPort() + path)).method(method, HttpRequest.BodyPublishers.noBody())
        .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      HealthEndpoint.stop(server);
    }
  }

  @Test
  void aFailingDependencyMakesTheReportAndReadinessUnhealthyButNotLiveness() throws Exception {
    start(Map.of(HealthSettings.PORT, String.valueOf(freePort()),
        "sonde.traces.exporter", "none"));
    DependencyWindow redis = dependencies.endpoint(Dependencies.REDIS, "127.0.0.1:6379");
    DependencyWindow db = dependencies.endpoint(Dependencies.DATABASE, "h2:shop");
    long now = System.nanoTime();
    for (int i = 0; i < 6; i++) {
      redis.record(now, 1_000_000, true);
      db.record(now, 1_000_000, false);
    }

    HttpResponse<String> health = send("GET", "/health");
    HttpResponse<String> ready = send("GET", "/health/ready");
    HttpResponse<String> live = send("GET", "/health/live");

    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.headers().firstValue("Content-Type")).hasValue(
        "application/json; charset=utf-8");
    assertThat(health.body()).startsWith("{\"status\":\"unhealthy\",\"timestamp\":\"")
        .contains("\"database:h2:shop\":{\"status\":\"healthy\",\"duration_ms\":")
        .contains("\"redis:127.0.0.1:6379\":{\"status\":\"unhealthy\",\"duration_ms\":")
        .contains("\"jvm_heap\":{\"status\":")
        .contains("\"otlp_exporter\":{\"status\":\"healthy\",\"duration_ms\":")
        .contains("\"details\":{\"exporter\":\"none\"}")
        .endsWith(",\"summary\":{\"total_checks\":4,\"healthy\":3,\"degraded\":0,"
            + "\"unhealthy\":1}}");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).startsWith("{\"status\":\"unhealthy\"");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body()).startsWith("{\"status\":\"alive\",\"timestamp\":\"");

    redis.record(System.nanoTime(), 1_000_000, false);
    assertThat(send("GET", "/health/ready").statusCode()).as("degraded is still ready")
        .isEqualTo(200);
  }

  @Test
  void onlyItsOwnPathsAndGetOrHead() throws Exception {
    start(Map.of(HealthSettings.PORT, String.valueOf(freePort()),
        HealthSettings.PATH, "/status", "sonde.traces.exporter", "none"));

    assertThat(send("GET", "/status").statusCode()).isEqualTo(200);
    assertThat(send("HEAD", "/status").statusCode()).isEqualTo(200);
    assertThat(send("GET", "/statusz").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/health").statusCode()).isEqualTo(404);
    HttpResponse<String> post = send("POST", "/status");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void aPortInUseIsOneErrorAndNoServer() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      HttpServer none = start(Map.of(HealthSettings.PORT, String.valueOf(taken.getLocalPort())));
      assertThat(none).isNull();
    }
  }
}

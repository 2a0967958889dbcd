package dev.sonde.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.agent.config.AgentSettings;
import dev.sonde.instrumentation.api.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Telemetry's start, part by part: what fails is named in one line and the rest runs, and the
 * start-up summary claims nothing it did not get.
 */
class AgentStarterTest {

  private final HttpClient client = HttpClient.newHttpClient();
  private final List<String> stderr = new ArrayList<>();
  private AgentStarter.Started started;

  private AgentStarter.Started start(String... keyValues) {
    Map<String, String> properties = new HashMap<>();
    properties.put("sonde.metrics.host", "127.0.0.1");
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.put(keyValues[i], keyValues[i + 1]);
    }
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      Config config = new Config(properties, Map.of(), new Properties());
      started = AgentStarter.startTelemetry(new AgentSettings(config), config, List.of());
    } finally {
      System.setErr(original);
    }
    stderr.addAll(captured.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList()));
    return started;
  }

  @AfterEach
  void stop() {
    if (started != null) {
      started.stop();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private int get(int port, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void aTakenMetricsPortIsOneErrorAndTheSummarySaysMetricsAreUnavailableWhileTheRestRuns()
      throws Exception {
    int healthPort = freePort();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();

      AgentStarter.Started started = start("sonde.metrics.port", String.valueOf(port),
          "sonde.health.port", String.valueOf(healthPort),
          "sonde.exporter.otlp.endpoint", "http://127.0.0.1:4318");

      assertThat(stderr).filteredOn(l -> l.startsWith("[sonde] ERROR ")).singleElement()
          .asString().contains(String.valueOf(port)).contains("sonde.metrics.port");
      assertThat(started.metrics).startsWith("unavailable").contains(String.valueOf(port));
      assertThat(started.metricsServer).isNull();
      assertThat(started.traces).isEqualTo("http/protobuf to http://127.0.0.1:4318");
      assertThat(get(healthPort, "/health")).as("the health endpoints on their own port")
          .isEqualTo(200);
    }
  }

  @Test
  void aTakenHealthPortLeavesTheMetricsEndpointUp() throws Exception {
    int metricsPort = freePort();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      AgentStarter.Started started = start("sonde.metrics.port", String.valueOf(metricsPort),
          "sonde.health.port", String.valueOf(taken.getLocalPort()));

      assertThat(stderr).filteredOn(l -> l.startsWith("[sonde] ERROR ")).singleElement()
          .asString().contains(String.valueOf(taken.getLocalPort())).contains("sonde.health.port");
      assertThat(started.metrics).isEqualTo("127.0.0.1:" + metricsPort);
      assertThat(get(metricsPort, "/metrics")).isEqualTo(200);
    }
  }

  @Test
  void aBadEndpointIsOneWarnAndMetricsHealthAndTracesStartWithTheDefault() throws Exception {
    int metricsPort = freePort();

    AgentStarter.Started started = start("sonde.metrics.port", String.valueOf(metricsPort),
        "sonde.exporter.otlp.endpoint", "not a url");

    assertThat(stderr).as("stderr").singleElement().asString().startsWith("[sonde] WARN ")
        .contains("sonde.exporter.otlp.endpoint").contains("not a url")
        .contains("http://localhost:4318");
    assertThat(started.traces).isEqualTo("http/protobuf to http://localhost:4318");
    assertThat(started.metrics).isEqualTo("127.0.0.1:" + metricsPort);
    assertThat(get(metricsPort, "/metrics")).isEqualTo(200);
    assertThat(get(metricsPort, "/health")).isEqualTo(200);
  }

  @Test
  void theSummaryShowsTheEndpointWithoutItsUserInfo() throws Exception {
    AgentStarter.Started started = start("sonde.metrics.enabled", "false",
        "sonde.health.enabled", "false",
        "sonde.logs.exporter", "otlp",
        "sonde.exporter.otlp.endpoint", "https://user:s3cr3t@collector.example:4318");

    assertThat(started.traces).isEqualTo(
        "http/protobuf to https://collector.example:4318 (Basic authorization from its user info)");
    assertThat(started.logs).isEqualTo(started.traces);
    assertThat(started.metrics).isEqualTo("off");
    assertThat(stderr).isEmpty();
  }

  private HttpResponse<String> fetch(int port, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theTracePageIsAtTheRootOfTheMetricsPortBesideTheMetricsAndTheHealth() throws Exception {
    int metricsPort = freePort();
    AgentStarter.Started started = start("sonde.metrics.port", String.valueOf(metricsPort));

    assertThat(started.page).isEqualTo("http://127.0.0.1:" + metricsPort + "/");
    HttpResponse<String> page = fetch(metricsPort, "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(fetch(metricsPort, "/api/summary").body()).contains("\"endpoints\":[]");
    assertThat(fetch(metricsPort, "/metrics").body()).contains("sonde_info");
    assertThat(get(metricsPort, "/health")).isEqualTo(200);
    assertThat(get(metricsPort, "/no/such/page")).isEqualTo(404);
  }

  @Test
  void withThePageOffTheRootServesTheMetricsAsBefore() throws Exception {
    int metricsPort = freePort();
    AgentStarter.Started started = start("sonde.metrics.port", String.valueOf(metricsPort),
        "sonde.ui.enabled", "false");

    assertThat(started.page).isEqualTo("off");
    assertThat(started.tracePage).isNull();
    assertThat(fetch(metricsPort, "/").body()).contains("sonde_info");
    assertThat(get(metricsPort, "/api/summary")).as("the metrics again").isEqualTo(200);
    assertThat(fetch(metricsPort, "/api/summary").body()).doesNotContain("endpoints");
  }
}

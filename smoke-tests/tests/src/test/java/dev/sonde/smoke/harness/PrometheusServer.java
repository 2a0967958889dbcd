package dev.sonde.smoke.harness;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway Prometheus (the Debian package's {@code /usr/bin/prometheus}) on 127.0.0.1, on a free
 * port outside the ephemeral range, scraping the given targets every second and evaluating the
 * given rule files every second, its database in {@code <sonde.smoke.work.dir>/prometheus-*}; ready
 * once {@code /-/ready} answers 200. Queried through its HTTP API.
 *
 * <p>The directory keeps {@code prometheus.yml}, copies of the rule files and {@code server.log}.
 * Prometheus not installed is a failure, never a skip.
 */
public final class PrometheusServer extends ThrowawayServer {

  public static final Path SERVER = Path.of("/usr/bin/prometheus");
  private static final Duration READY = Duration.ofSeconds(30);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
  private static final String PORT_TAKEN = "address already in use";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path logFile;
  private Process process;

  private PrometheusServer() throws IOException {
    super("prometheus", COMMAND_TIMEOUT);
    this.logFile = dir.resolve("server.log");
  }

  /**
   * Starts Prometheus scraping, every second, one job per entry of {@code jobs} (job name → its
   * targets, {@code host:port}) and evaluating {@code ruleFiles} every second.
   */
  public static PrometheusServer start(Map<String, List<String>> jobs, List<Path> ruleFiles) {
    requireInstalled("Prometheus", "prometheus", SERVER);
    return createAndStart(PrometheusServer::new,
        server -> server.startOnAFreePort(jobs, ruleFiles));
  }

  private void startOnAFreePort(Map<String, List<String>> jobs, List<Path> ruleFiles) {
    Path config = dir.resolve("prometheus.yml");
    try {
      StringBuilder yaml = new StringBuilder()
          .append("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n")
          .append("  evaluation_interval: 1s\n")
          .append("rule_files:\n");
      for (Path rules : ruleFiles) {
        Path copy = dir.resolve(rules.getFileName());
        Files.copy(rules, copy);
        yaml.append("  - ").append(copy.getFileName()).append('\n');
      }
      yaml.append("scrape_configs:\n");
      jobs.forEach((job, targets) -> yaml.append("  - job_name: ").append(job).append('\n')
          .append("    static_configs:\n      - targets: [")
          .append(String.join(", ", targets.stream().map(t -> "\"" + t + "\"").toList()))
          .append("]\n"));
      Files.writeString(config, yaml.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    retryWhilePortTaken(() -> {
      port = Ports.freeOutsideEphemeralRange();
      launch(config);
    }, failed -> failed.getMessage().contains(PORT_TAKEN), this::stopQuietly);
  }

  private void launch(Path config) {
    try {
      process = new ProcessBuilder(SERVER.toString(),
          "--config.file=" + config,
          "--storage.tsdb.path=" + dir.resolve("data"),
          "--web.listen-address=" + Ports.LOOPBACK + ":" + port)
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    markRunning();
    try {
      await("Prometheus ready on 127.0.0.1:" + port).atMost(READY)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> {
            if (!process.isAlive()) {
              throw new IllegalStateException("prometheus exited with " + process.exitValue()
                  + (serverLog().contains(PORT_TAKEN) ? " (" + PORT_TAKEN + ")" : ""));
            }
            return Ports.listening(port) && get("/-/ready").statusCode() == 200;
          });
    } catch (RuntimeException e) {
      throw failure("Prometheus on port " + port + " not ready: " + e.getMessage());
    }
  }

  private HttpResponse<String> get(String pathAndQuery) {
    return Http.get(URI.create("http://" + Ports.LOOPBACK + ":" + port + pathAndQuery));
  }

  /** GET an API path; its {@code data}, or an AssertionError with Prometheus' error. */
  private JsonNode api(String pathAndQuery) {
    HttpResponse<String> response = get(pathAndQuery);
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("GET " + pathAndQuery + " answered " + response.statusCode()
          + " with no JSON: " + response.body());
    }
    if (!"success".equals(body.path("status").asText())) {
      throw new AssertionError("GET " + pathAndQuery + " answered " + response.statusCode() + ": "
          + body.path("errorType").asText() + ": " + body.path("error").asText());
    }
    return body.path("data");
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** One sample of an instant query's result: its labels and value. */
  public record Result(Map<String, String> labels, double value) {}

  /** An instant query, now; an AssertionError when Prometheus refuses it. */
  public List<Result> query(String promql) {
    JsonNode data = api("/api/v1/query?query=" + encode(promql));
    if (!"vector".equals(data.path("resultType").asText())) {
      throw new AssertionError(promql + " is a " + data.path("resultType").asText()
          + ", not an instant vector");
    }
    List<Result> results = new ArrayList<>();
    for (JsonNode sample : data.path("result")) {
      Map<String, String> labels = JSON.convertValue(sample.path("metric"),
          JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
      results.add(new Result(labels, Double.parseDouble(sample.path("value").get(1).asText())));
    }
    return results;
  }

  /** Every metric name in the database (recorded ones included). */
  public TreeSet<String> metricNames() {
    return labelValues("__name__", null);
  }

  /** The values label {@code label} takes, on the series {@code match} selects (null: all). */
  public TreeSet<String> labelValues(String label, String match) {
    TreeSet<String> values = new TreeSet<>();
    api("/api/v1/label/" + label + "/values"
        + (match == null ? "" : "?match[]=" + encode(match))).forEach(v -> values.add(v.asText()));
    return values;
  }

  /** The label names of the series {@code match} selects. */
  public TreeSet<String> labelNames(String match) {
    TreeSet<String> names = new TreeSet<>();
    api("/api/v1/labels?match[]=" + encode(match)).forEach(n -> names.add(n.asText()));
    return names;
  }

  /** Each scrape target's job, instance and health ({@code up}, {@code down}, {@code unknown}). */
  public JsonNode targets() {
    return api("/api/v1/targets?state=active").path("activeTargets");
  }

  /** Each rule group with its rules, their health and last error. */
  public JsonNode ruleGroups() {
    return api("/api/v1/rules").path("groups");
  }

  @Override
  public void close() {
    if (markStopped() && process != null) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  protected void stopQuietly() {
    markStopped();
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  /** The server log so far. */
  public String serverLog() {
    return readLog(logFile);
  }

  @Override
  protected String logTails() {
    return serverLogTail(logFile);
  }

  @Override
  public String toString() {
    return "Prometheus on " + Ports.LOOPBACK + ":" + port + " (" + dir + ")";
  }
}

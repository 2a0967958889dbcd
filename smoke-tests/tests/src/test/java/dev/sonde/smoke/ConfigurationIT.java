package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.App;
import dev.sonde.smoke.harness.LogLine;
import dev.sonde.smoke.harness.OtlpReceiver;
import dev.sonde.smoke.harness.Ports;
import dev.sonde.smoke.harness.ReceivedSpan;
import dev.sonde.smoke.harness.Traceparent;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Configuration as a user meets it: a value that does not parse is named once, and defaulted; a
 * key that is not one is named once, with the closest key; disabled is nothing at all.
 */
class ConfigurationIT {

  @Test
  void aValueThatDoesNotParseGetsOneWarningNamingKeyValueAndDefaultAndTheDefaultApplies() {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        AgentApp app = AgentApp.of(App.JDK_HTTPSERVER).exportingTo(receiver)
            .systemProperty("sonde.traces.sample.ratio", "banana")
            .systemProperty("sonde.log.level", "loud")
            .start()) {
      Traceparent trace = Traceparent.random();

      HttpResponse<String> response = app.get("/users/42", Map.of("traceparent", trace.header()));

      assertThat(response.statusCode()).isEqualTo(200);
      ReceivedSpan span = receiver.awaitSpanOfTrace(trace.traceId());
      assertThat(span.name()).as("sampled at the default ratio 1.0").isEqualTo("GET /users/{id}");
      List<String> warnings = app.sondeLines("WARN");
      assertThat(warnings).filteredOn(l -> l.contains("sonde.traces.sample.ratio"))
          .as("all WARN lines: %s", warnings)
          .singleElement().asString().contains("banana").contains("1.0");
      assertThat(warnings).filteredOn(l -> l.contains("sonde.log.level"))
          .as("all WARN lines: %s", warnings)
          .singleElement().asString().contains("loud").contains("INFO");
      assertThat(app.sondeLines("ERROR")).isEmpty();
    }
  }

  @Test
  void aMistypedKeyGetsOneWarningNamingTheClosestKnownKeyWhereverItIsSet() throws IOException {
    Path file = Files.createTempFile("sonde-", ".properties");
    Files.writeString(file, "sonde.exporter.otlp.endpiont=http://127.0.0.1:1\n"
        + "sonde.instrumentation.jdk-httpserver.enabled=true\n");
    try (AgentApp app = AgentApp.of(App.JDK_HTTPSERVER)
        .systemProperty("sonde.metrics.prot", "9465")
        .systemProperty("sonde.traces.sample.ration", "0.5")
        .systemProperty("sonde.config", file.toString())
        .start()) {

      assertThat(app.get("/users/44").statusCode()).isEqualTo(200);
      List<String> warnings = app.sondeLines("WARN");
      assertThat(warnings).as("all WARN lines: %s", warnings)
          .filteredOn(l -> l.contains("Unknown setting")).containsExactlyInAnyOrder(
          "[sonde] WARN Unknown setting sonde.metrics.prot (system property), ignored; did you"
              + " mean sonde.metrics.port?",
          "[sonde] WARN Unknown setting sonde.traces.sample.ration (system property), ignored;"
              + " did you mean sonde.traces.sample.ratio?",
          "[sonde] WARN Unknown setting sonde.exporter.otlp.endpiont in " + file + " (sonde.config),"
              + " ignored; did you mean sonde.exporter.otlp.endpoint?");
      assertThat(app.sondeLines("ERROR")).isEmpty();
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void disabledTheAgentIsNotThereAtAllButForOneLine() {
    try (AgentApp app = AgentApp.of(App.JDK_HTTPSERVER)
        .systemProperty("sonde.enabled", "false")
        .metricsEndpointNotExpected()
        .start()) {

      HttpResponse<String> response = app.get("/users/45", Map.of("X-Request-ID", "abc-123"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("user 45");
      assertThat(response.headers().firstValue("X-Request-ID")).as("no agent echoes it").isEmpty();
      LogLine line = app.awaitLogMessage("loading user 45");
      assertThat(line.traceId()).isEmpty();
      assertThat(line.requestId()).isEmpty();
      await("the metrics port never opens").during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5)).until(() -> !Ports.listening(app.metricsPort()));
      assertThat(app.stderrLines()).filteredOn(l -> l.contains("[sonde]")).containsExactly(
          "[sonde] INFO Disabled by sonde.enabled=false: the agent does nothing in this JVM");
    }
  }

  @Test
  void theTraceIdCanBeLoggedUnderTheKeyTheShopsLogPipelineExpects() {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        AgentApp app = AgentApp.of(App.JDK_HTTPSERVER).exportingTo(receiver)
            .systemProperty("sonde.logs.mdc.trace-id-key", "dd.trace_id")
            // The app's log pattern prints the context key this property names as trace_id=.
            .systemProperty("smoke.log.trace-id-key", "dd.trace_id")
            .start()) {
      Traceparent trace = Traceparent.random();

      assertThat(app.get("/users/77", Map.of("traceparent", trace.header())).statusCode())
          .isEqualTo(200);

      ReceivedSpan span = receiver.awaitSpanOfTrace(trace.traceId());
      LogLine line = app.awaitLogMessage("loading user 77");
      assertThat(line.traceId()).as("the value under dd.trace_id").isEqualTo(trace.traceId());
      assertThat(line.spanId()).isEqualTo(span.spanId());
    }
  }

  @Test
  void withTracesOffLogLinesStillCarryARealTraceIdNeverZeros() {
    try (AgentApp app = AgentApp.of(App.JDK_HTTPSERVER)
        .systemProperty("sonde.traces.exporter", "none")
        .start()) {

      assertThat(app.get("/users/78").statusCode()).isEqualTo(200);

      LogLine line = app.awaitLogMessage("loading user 78");
      assertThat(line.traceId()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
      assertThat(line.spanId()).matches("[0-9a-f]{16}").isNotEqualTo("0".repeat(16));
      assertThat(app.sondeLines("ERROR")).isEmpty();
    }
  }

  @Test
  void theConsoleExporterWritesEachSpanAsOneLineOnStderrBesideTheOtlpExport() {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        AgentApp app = AgentApp.of(App.JDK_HTTPSERVER).exportingTo(receiver)
            // The OpenTelemetry agent's names: its key, and "logging" for the console.
            .systemProperty("otel.traces.exporter", "otlp,logging")
            .start()) {
      Traceparent trace = Traceparent.random();

      assertThat(app.get("/users/79", Map.of("traceparent", trace.header())).statusCode())
          .isEqualTo(200);

      ReceivedSpan span = receiver.awaitSpanOfTrace(trace.traceId());
      String prefix = "[sonde] SPAN trace_id=" + trace.traceId();
      String line = await().atMost(Duration.ofSeconds(10)).until(
          () -> app.stderrLines().stream().filter(l -> l.startsWith(prefix)).toList(),
          lines -> !lines.isEmpty()).get(0);
      assertThat(line)
          .startsWith(prefix + " span_id=" + span.spanId() + " parent_id=" + trace.parentSpanId()
              + " kind=SERVER name=\"" + span.name() + "\" duration_ms=")
          .contains(" http.request.method=GET ", " http.route=/users/{id} ", " url.path=/users/79 ",
              " http.response.status_code=200");
      assertThat(app.sondeLines("WARN")).isEmpty();
    }
  }
}

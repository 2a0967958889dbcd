package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.App;
import dev.sonde.smoke.harness.LogLine;
import dev.sonde.smoke.harness.OtlpReceiver;
import dev.sonde.smoke.harness.ReceivedSpan;
import dev.sonde.smoke.harness.Traceparent;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration as a user meets it: a value that does not parse is named once, and defaulted. */
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
}

package dev.sonde.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.instrumentation.api.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@code sonde.traces.exporter}: the OpenTelemetry agent's names too, lists, one WARN when bad. */
class TracesExporterTest {

  private static TracesExporter parse(Map<String, String> properties) {
    return TracesExporter.parse(new Config(properties, Map.of(), new Properties()));
  }

  @Test
  void eachNameAndListSelectsItsExporters() {
    assertThat(parse(Map.of()).toString()).isEqualTo("otlp");
    assertThat(parse(Map.of("sonde.traces.exporter", "console")).toString()).isEqualTo("console");
    assertThat(parse(Map.of("otel.traces.exporter", "logging")).toString()).isEqualTo("console");
    assertThat(parse(Map.of("sonde.traces.exporter", " OTLP , console ")).toString())
        .isEqualTo("otlp,console");
    TracesExporter none = parse(Map.of("sonde.traces.exporter", "none"));
    assertThat(none.any()).isFalse();
    assertThat(none.toString()).isEqualTo("none");
    assertThat(parse(Map.of("sonde.traces.exporter", "otlp",
        "otel.traces.exporter", "console")).toString()).as("sonde.* first").isEqualTo("otlp");
  }

  @Test
  void aNameThatIsNoneOfThemIsOneWarningNamingKeyValueAndDefault() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    TracesExporter parsed;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      parsed = parse(Map.of("sonde.traces.exporter", "otlp,zipkin"));
    } finally {
      System.setErr(original);
    }

    assertThat(parsed.otlp).isTrue();
    assertThat(parsed.console).isFalse();
    assertThat(captured.toString(StandardCharsets.UTF_8).lines()).singleElement().asString()
        .startsWith("[sonde] WARN ").contains("sonde.traces.exporter", "otlp,zipkin",
            "the default otlp");
  }
}

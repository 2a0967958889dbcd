package dev.sonde.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.instrumentation.api.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Typos are not silent: each setting that names no key gets one WARN naming the closest key. */
class UnknownKeysTest {

  private static Properties file(String... keyValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return properties;
  }

  @Test
  void aMistypedSystemPropertyGetsOneWarnNamingTheClosestKey() {
    Config config = new Config(Map.of("sonde.metrics.prot", "9465",
        "sonde.traces.sample.ration", "0.5", "sonde.metrics.port", "9464"), Map.of(),
        new Properties());

    assertThat(UnknownKeys.check(config)).containsExactly(
        "Unknown setting sonde.metrics.prot (system property), ignored; did you mean"
            + " sonde.metrics.port?",
        "Unknown setting sonde.traces.sample.ration (system property), ignored; did you mean"
            + " sonde.traces.sample.ratio?");
  }

  @Test
  void aMistypedEnvironmentVariableIsNamedWithTheVariableAndTheKeyItStandsFor() {
    Config config = new Config(Map.of(), Map.of("SONDE_METRICS_PROT", "9465",
        "SONDE_INSTRUMENTATION_JDK_HTTPSERVER_ENABLED", "false", "PATH", "/bin",
        "OTEL_TRACES_SAMPLER", "always_on"), new Properties());

    assertThat(UnknownKeys.check(config)).containsExactly(
        "Unknown setting SONDE_METRICS_PROT (environment variable), ignored; did you mean"
            + " SONDE_METRICS_PORT (sonde.metrics.port)?");
  }

  @Test
  void everyUnknownKeyOfTheConfigurationFileIsNamedWithTheFileAliasesAreKnown() {
    Config config = new Config(Map.of("sonde.config", "/etc/sonde.properties"), Map.of(),
        file("sonde.exporter.otlp.endpiont", "http://collector:4318",
            "otel.service.name", "orders", "metrics.port", "9465",
            "sonde.instrumentation.jdbcc.enabled", "false"));

    assertThat(UnknownKeys.check(config)).containsExactly(
        "Unknown setting metrics.port in /etc/sonde.properties (sonde.config), ignored; did you"
            + " mean sonde.metrics.port?",
        "Unknown setting sonde.exporter.otlp.endpiont in /etc/sonde.properties (sonde.config),"
            + " ignored; did you mean sonde.exporter.otlp.endpoint?",
        "Unknown setting sonde.instrumentation.jdbcc.enabled in /etc/sonde.properties"
            + " (sonde.config), ignored; did you mean sonde.instrumentation.jdbc.enabled?");
  }

  @Test
  void knownKeysAndOtherToolsOtelSettingsGetNoWarn() {
    Config config = new Config(Map.of("sonde.instrumentation.thread-start.enabled", "false",
        "sonde.health.dependency.error-ratio.unhealthy", "0.4", "otel.javaagent.debug", "true",
        "sonde.http.sensitive.query.keys", "token"), Map.of("SONDE_ENABLED", "true",
        "SONDE_LOG_LEVEL", "debug"), file("sonde.log.level", "WARN"));

    assertThat(UnknownKeys.check(config)).isEmpty();
  }

  @Test
  void theWarnIsWrittenOnceAsAnAgentLine() {
    Config config = new Config(Map.of("sonde.metrics.prot", "1"), Map.of(), new Properties());
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> warnings;
    try {
      System.setErr(new PrintStream(captured, true));
      warnings = UnknownKeys.warn(config);
    } finally {
      System.setErr(original);
    }
    assertThat(warnings).hasSize(1);
    assertThat(captured.toString().lines()).containsExactly("[sonde] WARN " + warnings.get(0));
  }

  @Test
  void theDistanceCountsEditsOfOneCharacter() {
    assertThat(UnknownKeys.distance("port", "prot")).isEqualTo(2);
    assertThat(UnknownKeys.distance("ratio", "ration")).isEqualTo(1);
    assertThat(UnknownKeys.distance("", "abc")).isEqualTo(3);
    assertThat(UnknownKeys.distance("same", "same")).isZero();
  }
}

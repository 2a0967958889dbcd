package dev.sonde.instrumentation.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConfigTest {

  private static Properties file(String key, String value) {
    Properties properties = new Properties();
    properties.setProperty(key, value);
    return properties;
  }

  @Test
  void systemPropertyBeatsEnvironmentBeatsFileBeatsDefault() {
    String key = "sonde.metrics.port";
    assertThat(new Config(Map.of(key, "1"), Map.of("SONDE_METRICS_PORT", "2"), file(key, "3"))
        .getInt(key, 9, 0, 65535)).isEqualTo(1);
    assertThat(new Config(Map.of(), Map.of("SONDE_METRICS_PORT", "2"), file(key, "3"))
        .getInt(key, 9, 0, 65535)).isEqualTo(2);
    assertThat(new Config(Map.of(), Map.of(), file(key, "3")).getInt(key, 9, 0, 65535))
        .isEqualTo(3);
    assertThat(new Config(Map.of(), Map.of(), new Properties()).getInt(key, 9, 0, 65535))
        .isEqualTo(9);
  }

  @Test
  void openTelemetryAliasesAreHonouredAfterSondeKeys() {
    Config otelOnly = new Config(Map.of(), Map.of("OTEL_SERVICE_NAME", "orders"),
        new Properties());
    assertThat(otelOnly.getString("sonde.service.name", "otel.service.name", "x"))
        .isEqualTo("orders");
    Config both = new Config(Map.of("sonde.service.name", "shop"),
        Map.of("OTEL_SERVICE_NAME", "orders"), new Properties());
    assertThat(both.getString("sonde.service.name", "otel.service.name", "x")).isEqualTo("shop");
  }

  @Test
  void environmentNamesAreUpperCaseWithUnderscores() {
    assertThat(Config.environmentName("sonde.instrumentation.jdbc.root-spans"))
        .isEqualTo("SONDE_INSTRUMENTATION_JDBC_ROOT_SPANS");
  }

  @Test
  void badValueGivesOneWarnNamingKeyValueAndDefault() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Config config = new Config(Map.of("sonde.traces.sample.ratio", "banana"), Map.of(),
        new Properties());
    double first;
    double second;
    try {
      System.setErr(new PrintStream(captured, true));
      first = config.getDouble("sonde.traces.sample.ratio", 1.0, 0, 1);
      second = config.getDouble("sonde.traces.sample.ratio", 1.0, 0, 1);
    } finally {
      System.setErr(original);
    }
    assertThat(first).isEqualTo(1.0);
    assertThat(second).isEqualTo(1.0);
    assertThat(captured.toString().lines()).singleElement().satisfies(line -> assertThat(line)
        .startsWith("[sonde] WARN").contains("sonde.traces.sample.ratio").contains("'banana'")
        .contains("default 1.0"));
  }

  @Test
  void outOfRangeIsInvalidToo() {
    Config config = new Config(Map.of("sonde.traces.sample.ratio", "1.5"), Map.of(),
        new Properties());
    assertThat(config.getDouble("sonde.traces.sample.ratio", 1.0, 0, 1)).isEqualTo(1.0);
  }

  @Test
  void instrumentationsAreOnUnlessTurnedOff() {
    Config config = new Config(Map.of("sonde.instrumentation.servlet.enabled", "false"),
        Map.of(), new Properties());
    assertThat(config.instrumentationEnabled("servlet")).isFalse();
    assertThat(config.instrumentationEnabled("jdk-httpserver")).isTrue();
  }
}

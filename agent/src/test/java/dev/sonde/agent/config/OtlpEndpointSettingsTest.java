package dev.sonde.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.instrumentation.api.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code sonde.exporter.otlp.endpoint} as a user may write it: a value that is no http(s) URL gets
 * one WARN and the default, like every key; user info is never shown and goes out as Basic
 * authorization.
 */
class OtlpEndpointSettingsTest {

  /** The settings of {@code properties}, and the agent's stderr lines while they were read. */
  private record Read(AgentSettings settings, List<String> stderr) {}

  private static Read read(String... keyValues) {
    Map<String, String> properties = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.put(keyValues[i], keyValues[i + 1]);
    }
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    AgentSettings settings;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      settings = new AgentSettings(new Config(properties, Map.of(), new Properties()));
    } finally {
      System.setErr(original);
    }
    return new Read(settings, captured.toString(StandardCharsets.UTF_8).lines()
        .collect(Collectors.toList()));
  }

  @Test
  void aValueThatIsNoHttpUrlGetsOneWarnNamingKeyValueAndDefaultAndTheDefaultApplies() {
    for (String bad : List.of("not a url", "ftp://collector:4318", "localhost:4318", "http://",
        "http://:4318", "collector", "https://collector:4318/?x=1", "http://collector:99999",
        "file:///tmp/spans")) {
      Read read = read("sonde.exporter.otlp.endpoint", bad);

      assertThat(read.settings.otlpEndpoint).as(bad).isEqualTo("http://localhost:4318");
      assertThat(read.stderr).as(bad).singleElement().asString()
          .startsWith("[sonde] WARN ")
          .contains("sonde.exporter.otlp.endpoint")
          .contains("'" + bad + "'")
          .contains("http://localhost:4318");
    }
  }

  @Test
  void overGrpcTheDefaultUsedIsGrpcsPort() {
    Read read = read("sonde.exporter.otlp.protocol", "grpc",
        "otel.exporter.otlp.endpoint", "ftp://collector");

    assertThat(read.settings.otlpEndpoint).isEqualTo("http://localhost:4317");
    assertThat(read.stderr).singleElement().asString().contains("ftp://collector")
        .contains("http://localhost:4317");
  }

  @Test
  void goodValuesAreKeptAsWrittenWithoutATrailingSlash() {
    assertThat(read("sonde.exporter.otlp.endpoint", "https://otlp.example.com/otlp/")
        .settings.otlpEndpoint).isEqualTo("https://otlp.example.com/otlp");
    assertThat(read("sonde.exporter.otlp.endpoint", "HTTP://Collector:4318")
        .settings.otlpEndpoint).isEqualTo("http://Collector:4318");
    // Compose service names have underscores, which java.net.URI takes for no host name.
    Read underscore = read("sonde.exporter.otlp.endpoint", "http://otel_collector:4318");
    assertThat(underscore.settings.otlpEndpoint).isEqualTo("http://otel_collector:4318");
    assertThat(underscore.stderr).isEmpty();
    assertThat(read("sonde.exporter.otlp.endpoint", "http://[::1]:4318").settings.otlpEndpoint)
        .isEqualTo("http://[::1]:4318");
  }

  @Test
  void userInfoIsTakenOutOfTheEndpointAndSentAsBasicAuthorization() {
    Read read = read("sonde.exporter.otlp.endpoint", "http://user:s3cr3t%40pw@collector:4318/");

    assertThat(read.settings.otlpEndpoint).isEqualTo("http://collector:4318");
    assertThat(read.settings.otlpBasicAuthFromEndpoint).isTrue();
    assertThat(read.settings.otlpHeaders).containsEntry("Authorization", "Basic "
        + Base64.getEncoder().encodeToString("user:s3cr3t@pw".getBytes(StandardCharsets.UTF_8)));
    assertThat(read.stderr).isEmpty();
  }

  @Test
  void anAuthorizationHeaderOfTheirOwnWinsOverUserInfoWithOneWarn() {
    Read read = read("sonde.exporter.otlp.endpoint", "http://user:s3cr3t@collector:4318",
        "sonde.exporter.otlp.headers", "authorization=Bearer abc");

    assertThat(read.settings.otlpHeaders).containsExactly(Map.entry("authorization", "Bearer abc"));
    assertThat(read.settings.otlpBasicAuthFromEndpoint).isFalse();
    assertThat(read.settings.otlpEndpoint).isEqualTo("http://collector:4318");
    assertThat(read.stderr).singleElement().asString().startsWith("[sonde] WARN ")
        .doesNotContain("s3cr3t").doesNotContain("abc");
  }

  @Test
  void credentialsAreNeverInTheWarnOfABadValue() {
    Read endpoint = read("sonde.exporter.otlp.endpoint", "ftp://user:s3cr3t@collector:21");
    assertThat(endpoint.stderr).singleElement().asString()
        .contains("ftp://collector:21").doesNotContain("s3cr3t").doesNotContain("user");
    assertThat(endpoint.settings.otlpHeaders).isEmpty();

    Read unparsable = read("sonde.exporter.otlp.endpoint", "http://user:s3cr3t@collector:43 18");
    assertThat(unparsable.stderr).singleElement().asString().doesNotContain("s3cr3t");

    Read headers = read("sonde.exporter.otlp.headers", "Api-Key=s3cr3t,Bearer s3cr3t");
    assertThat(headers.settings.otlpHeaders).isEmpty();
    assertThat(headers.stderr).singleElement().asString()
        .contains("sonde.exporter.otlp.headers").contains("Api-Key=***,***")
        .doesNotContain("s3cr3t");
  }

  @Test
  void withoutUserInfoHidesItInAnyText() {
    assertThat(OtlpEndpoint.withoutUserInfo("https://user:s3cret@collector:4318/x"))
        .isEqualTo("https://collector:4318/x");
    assertThat(OtlpEndpoint.withoutUserInfo("user:s3cret@collector:4318"))
        .isEqualTo("collector:4318");
    assertThat(OtlpEndpoint.withoutUserInfo("http://collector:4318/a@b"))
        .isEqualTo("http://collector:4318/a@b");
    assertThat(OtlpEndpoint.withoutUserInfo("http://u:p@ss@collector?q@x"))
        .isEqualTo("http://collector?q@x");
    assertThat(OtlpEndpoint.withoutUserInfo("not a url")).isEqualTo("not a url");
  }
}

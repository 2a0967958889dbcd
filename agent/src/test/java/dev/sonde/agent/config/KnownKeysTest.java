package dev.sonde.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.agent.health.HealthSettings;
import dev.sonde.bootstrap.Hooks;
import dev.sonde.instrumentation.api.InstrumentationModule;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.metrics.Metrics;
import dev.sonde.instrumentation.api.trace.LogCorrelation;
import io.opentelemetry.api.trace.TracerProvider;
import io.prometheus.client.CollectorRegistry;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The registry of keys is the truth: every key the agent's components read at start-up is in it,
 * every key in it is read, and its instrumentation names are the modules the agent ships.
 */
class KnownKeysTest {

  /** System properties that remember every key asked for: what the components read. */
  private static final class Asked extends HashMap<String, String> {
    final Set<String> keys = new TreeSet<>();

    @Override
    public String get(Object key) {
      keys.add((String) key);
      return super.get(key);
    }
  }

  private static List<InstrumentationModule> modules() {
    List<InstrumentationModule> modules = new ArrayList<>();
    ServiceLoader.load(InstrumentationModule.class).forEach(modules::add);
    return modules;
  }

  /** Reads everything the agent's start reads (AgentStarter), with {@code config}. */
  private static void startAsTheAgentDoes(Config config) throws Exception {
    config.raw(ConfigLoader.CONFIG_FILE, null);
    AgentSettings settings = new AgentSettings(config);
    new HealthSettings(config, settings.metricsPort);
    LogCorrelation.configure(config);
    Telemetry telemetry = new Telemetry(TracerProvider.noop().get("test"),
        new Metrics(new CollectorRegistry(true), new double[] {0.1, 1}, 100), config);
    Map<Field, Object> hooks = new LinkedHashMap<>();
    for (Field field : Hooks.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && !Modifier.isFinal(field.getModifiers())) {
        hooks.put(field, field.get(null));
      }
    }
    try {
      for (InstrumentationModule module : modules()) {
        config.instrumentationEnabled(module.name());
        module.start(telemetry);
      }
    } finally {
      for (Map.Entry<Field, Object> hook : hooks.entrySet()) {
        hook.getKey().set(null, hook.getValue());
      }
    }
  }

  @Test
  void everyKeyTheAgentReadsIsKnownAndEveryKnownKeyIsRead() throws Exception {
    Asked asked = new Asked();
    startAsTheAgentDoes(new Config(asked, Map.of(), new Properties()));

    assertThat(asked.keys.stream().filter(k -> k.startsWith("sonde.")))
        .containsExactlyInAnyOrderElementsOf(KnownKeys.all());
    assertThat(asked.keys.stream().filter(k -> !k.startsWith("sonde.")))
        .as("the OpenTelemetry aliases").containsExactlyInAnyOrderElementsOf(
            KnownKeys.aliases().values());
  }

  @Test
  void theInstrumentationNamesAreTheModulesTheAgentShips() {
    assertThat(modules().stream().map(InstrumentationModule::name).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(KnownKeys.INSTRUMENTATIONS);
  }

  @Test
  void patternsAreExpandedPerInstrumentationAndListedOnceAsWritten() {
    assertThat(KnownKeys.keys()).contains("sonde.instrumentation.<name>.enabled")
        .doesNotHaveDuplicates();
    assertThat(KnownKeys.all()).contains("sonde.instrumentation.jdbc.enabled",
        "sonde.instrumentation.thread-start.enabled")
        .doesNotContain("sonde.instrumentation.<name>.enabled");
    assertThat(KnownKeys.aliases()).containsEntry("sonde.service.name", "otel.service.name");
  }
}

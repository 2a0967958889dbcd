package dev.sonde.instrumentation.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.instrumentation.api.config.Config;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DependenciesTest {

  @Test
  void oneWindowPerTypeAndEndpointListedInOrderOnceCalled() {
    Dependencies dependencies = new Dependencies(true, 60_000);
    DependencyWindow redis = dependencies.endpoint(Dependencies.REDIS, "cache:6379");

    assertThat(dependencies.endpoint(Dependencies.REDIS, "cache:6379")).isSameAs(redis);
    DependencyWindow db = dependencies.endpoint(Dependencies.DATABASE, "postgresql://db:5432/shop");
    DependencyWindow broker = dependencies.endpoint(Dependencies.RABBITMQ, null);
    dependencies.endpoint(Dependencies.RABBITMQ, "never-called:5672");
    for (DependencyWindow called : List.of(redis, db, broker)) {
      called.record(System.nanoTime(), 1_000, false);
    }

    assertThat(dependencies.endpoints()).extracting(w -> w.type() + ":" + w.endpoint())
        .containsExactly("database:postgresql://db:5432/shop", "rabbitmq:_unknown",
            "redis:cache:6379");
  }

  @Test
  void beyondTheBoundNewEndpointsShareOneWindowPerType() {
    Dependencies dependencies = new Dependencies(true, 60_000);
    for (int i = 0; i < Dependencies.MAX_ENDPOINTS + 20; i++) {
      dependencies.endpoint(Dependencies.REDIS, "cache-" + i + ":6379")
          .record(System.nanoTime(), 1_000, false);
    }
    DependencyWindow late = dependencies.endpoint(Dependencies.DATABASE, "h2:late");
    late.record(System.nanoTime(), 1_000, true);

    assertThat(late.endpoint()).isEqualTo(Dependencies.OVERFLOW);
    assertThat(late.type()).isEqualTo(Dependencies.DATABASE);
    assertThat(dependencies.endpoints()).hasSize(Dependencies.MAX_ENDPOINTS + 2);
  }

  @Test
  void disabledRecordsNothingAndListsNothing() {
    Dependencies dependencies = Dependencies.from(new Config(
        Map.of(Dependencies.ENABLED_KEY, "false"), Map.of(), new Properties()));
    DependencyWindow window = dependencies.endpoint(Dependencies.REDIS, "cache:6379");
    window.record(System.nanoTime(), 1, true);

    assertThat(dependencies.enabled()).isFalse();
    assertThat(window.snapshot(System.nanoTime()).calls).isZero();
    assertThat(dependencies.endpoints()).isEmpty();
  }

  @Test
  void theWindowIsConfigurable() {
    Dependencies dependencies = Dependencies.from(new Config(
        Map.of(Dependencies.WINDOW_KEY, "10000"), Map.of(), new Properties()));

    assertThat(dependencies.windowMillis()).isEqualTo(10_000);
    assertThat(dependencies.endpoint(Dependencies.REDIS, "x").snapshot(System.nanoTime())
        .windowNanos).isEqualTo(10_000_000_000L);
  }
}

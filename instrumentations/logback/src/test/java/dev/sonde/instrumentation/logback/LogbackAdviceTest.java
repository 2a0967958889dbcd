package dev.sonde.instrumentation.logback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.bootstrap.logback.LogbackHooks;
import dev.sonde.instrumentation.api.testing.AdviceHarness;
import dev.sonde.instrumentation.api.testing.FixedLogCorrelation;
import dev.sonde.instrumentation.api.testing.RecordingLogEvents;
import dev.sonde.instrumentation.api.testing.ShapeCoverage;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The module's matchers and advice on the real Logback, in the advice harness. */
class LogbackAdviceTest {

  private AdviceHarness harness;
  private BiFunction<String, Throwable, Map<String, String>> scenario;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void load() {
    harness = AdviceHarness.of(new LogbackInstrumentation(), "ch.qos.logback.", "org.slf4j.",
        LogbackScenario.class.getName());
    scenario = harness.create(LogbackScenario.class, BiFunction.class);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void anEventsMdcGainsTheCorrelationFieldsBesideTheApplicationsOwn() {
    try (FixedLogCorrelation correlation = FixedLogCorrelation.install()) {
      Map<String, String> mdc = scenario.apply(null, null);

      assertThat(mdc).containsEntry("trace_id", FixedLogCorrelation.TRACE_ID)
          .containsEntry("span_id", FixedLogCorrelation.SPAN_ID)
          .containsEntry("app", "checkout");
    }
    assertThat(harness.transformed()).contains("ch.qos.logback.classic.spi.LoggingEvent",
        "ch.qos.logback.classic.Logger");
  }

  @Test
  void aTraceIdTheApplicationPutInItsMdcIsLeftAlone() {
    try (FixedLogCorrelation correlation = FixedLogCorrelation.install()) {
      Map<String, String> mdc = scenario.apply("the-apps-own", null);

      assertThat(mdc).containsEntry("trace_id", "the-apps-own").doesNotContainKey("span_id");
    }
  }

  @Test
  void withoutACurrentSpanNothingIsAdded() {
    try (FixedLogCorrelation correlation = FixedLogCorrelation.install().spanCurrent(false)) {
      Map<String, String> mdc = scenario.apply(null, null);

      assertThat(mdc).containsOnlyKeys("app");
    }
  }

  @Test
  void eachEventIsShippedOnceWithItsValues() {
    IllegalStateException failure = new IllegalStateException("out of stock");
    try (RecordingLogEvents events = RecordingLogEvents.install(
        hook -> LogbackHooks.events = hook, LogbackHooks.events)) {
      scenario.apply(null, failure);

      assertThat(events.events()).singleElement().satisfies(event -> {
        assertThat(event.levelName()).isEqualTo("WARN");
        assertThat(event.level()).isEqualTo(30_000);
        assertThat(event.loggerName()).isEqualTo("orders");
        assertThat(event.message()).isEqualTo("order 42 failed");
        assertThat(event.thrown()).isSameAs(failure);
        assertThat(event.threadName()).isEqualTo(Thread.currentThread().getName());
        assertThat(event.contextData()).containsEntry("app", "checkout");
      });
    }
  }

  @Test
  void theLibraryShapeCoversWhatTheAdviceReferences() {
    ShapeCoverage.assertCovered(new LogbackInstrumentation());
  }
}

package dev.sonde.instrumentation.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.bootstrap.log4j2.Log4j2Hooks;
import dev.sonde.instrumentation.api.testing.AdviceHarness;
import dev.sonde.instrumentation.api.testing.FixedLogCorrelation;
import dev.sonde.instrumentation.api.testing.RecordingLogEvents;
import dev.sonde.instrumentation.api.testing.ShapeCoverage;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The module's matchers and advice on the real Log4j 2, in the advice harness. */
class Log4j2AdviceTest {

  private AdviceHarness harness;
  private BiFunction<String, Throwable, Map<String, String>> scenario;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void load() {
    harness = AdviceHarness.of(new Log4j2Instrumentation(), "org.apache.logging.log4j.",
        Log4j2Scenario.class.getName());
    scenario = harness.create(Log4j2Scenario.class, BiFunction.class);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void anEventsContextDataGainsTheCorrelationFieldsBesideTheApplicationsOwn() {
    try (FixedLogCorrelation correlation = FixedLogCorrelation.install()) {
      Map<String, String> contextData = scenario.apply(null, null);

      assertThat(contextData).containsEntry("trace_id", FixedLogCorrelation.TRACE_ID)
          .containsEntry("span_id", FixedLogCorrelation.SPAN_ID)
          .containsEntry("app", "checkout");
    }
    assertThat(harness.transformed()).contains("org.apache.logging.log4j.core.Logger")
        .anyMatch(name -> name.contains("ContextDataInjector"));
  }

  @Test
  void aTraceIdTheApplicationPutInItsThreadContextIsLeftAlone() {
    try (FixedLogCorrelation correlation = FixedLogCorrelation.install()) {
      Map<String, String> contextData = scenario.apply("the-apps-own", null);

      assertThat(contextData).containsEntry("trace_id", "the-apps-own")
          .doesNotContainKey("span_id");
    }
  }

  @Test
  void eachEventIsShippedOnceWithItsValues() {
    IllegalStateException failure = new IllegalStateException("out of stock");
    try (RecordingLogEvents events = RecordingLogEvents.install(
        hook -> Log4j2Hooks.events = hook, Log4j2Hooks.events)) {
      scenario.apply(null, failure);

      assertThat(events.events()).singleElement().satisfies(event -> {
        assertThat(event.levelName()).isEqualTo("WARN");
        assertThat(event.level()).isEqualTo(300);
        assertThat(event.loggerName()).isEqualTo("orders");
        assertThat(event.message()).isEqualTo("order 42 failed");
        assertThat(event.thrown()).isSameAs(failure);
        assertThat(event.contextData()).containsEntry("app", "checkout");
      });
    }
  }

  @Test
  void theLibraryShapeCoversWhatTheAdviceReferences() {
    ShapeCoverage.assertCovered(new Log4j2Instrumentation());
  }
}

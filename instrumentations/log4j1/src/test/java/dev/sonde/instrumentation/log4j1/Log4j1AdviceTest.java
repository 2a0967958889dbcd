package dev.sonde.instrumentation.log4j1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.instrumentation.api.testing.AdviceHarness;
import dev.sonde.instrumentation.api.testing.FixedLogCorrelation;
import dev.sonde.instrumentation.api.testing.ShapeCoverage;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The module's matchers and advice on the real Log4j 1.2, in the advice harness. */
@SuppressWarnings("unchecked")
class Log4j1AdviceTest {

  private AdviceHarness harness;
  private Function<String, Map<String, Object>> scenario;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void load() {
    harness = AdviceHarness.of(new Log4j1Instrumentation(), "org.apache.log4j.",
        Log4j1Scenario.class.getName());
    scenario = harness.create(Log4j1Scenario.class, Function.class);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void beforeTheSnapshotAnEventAnswersTheCorrelationKeysFromTheCurrentSpan() {
    try (FixedLogCorrelation correlation = FixedLogCorrelation.install()) {
      Map<String, Object> read = scenario.apply(null);

      assertThat(read).containsEntry("trace_id before the snapshot", FixedLogCorrelation.TRACE_ID)
          .containsEntry("span_id before the snapshot", FixedLogCorrelation.SPAN_ID);
    }
    assertThat(harness.transformed()).containsExactly("org.apache.log4j.spi.LoggingEvent");
  }

  @Test
  void theSnapshotHoldsTheCorrelationFieldsBesideTheApplicationsOwn() {
    try (FixedLogCorrelation correlation = FixedLogCorrelation.install()) {
      Map<String, Object> read = scenario.apply(null);

      assertThat((Map<Object, Object>) read.get("snapshot")).containsEntry("app", "checkout")
          .containsEntry("trace_id", FixedLogCorrelation.TRACE_ID)
          .containsEntry("span_id", FixedLogCorrelation.SPAN_ID);
    }
  }

  @Test
  void aTraceIdTheApplicationPutInItsMdcIsLeftAlone() {
    try (FixedLogCorrelation correlation = FixedLogCorrelation.install()) {
      Map<String, Object> read = scenario.apply("the-apps-own");

      assertThat(read).containsEntry("trace_id before the snapshot", "the-apps-own")
          .containsEntry("span_id before the snapshot", null);
      assertThat((Map<Object, Object>) read.get("snapshot")).containsEntry("trace_id", "the-apps-own")
          .doesNotContainKey("span_id");
    }
  }

  @Test
  void theLibraryShapeCoversWhatTheAdviceReferences() {
    ShapeCoverage.assertCovered(new Log4j1Instrumentation());
  }
}

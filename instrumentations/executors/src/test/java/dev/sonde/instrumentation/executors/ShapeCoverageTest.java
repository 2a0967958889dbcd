package dev.sonde.instrumentation.executors;

import dev.sonde.instrumentation.api.testing.ShapeCoverage;
import org.junit.jupiter.api.Test;

/** The module's {@code LibraryShape} requires what its advice references of the library. */
class ShapeCoverageTest {

  @Test
  void theShapeOfExecutorsInstrumentationCoversWhatItsAdviceReferences() {
    ShapeCoverage.assertCovered(new ExecutorsInstrumentation());
  }

  @Test
  void theShapeOfThreadStartInstrumentationCoversWhatItsAdviceReferences() {
    ShapeCoverage.assertCovered(new ThreadStartInstrumentation());
  }
}

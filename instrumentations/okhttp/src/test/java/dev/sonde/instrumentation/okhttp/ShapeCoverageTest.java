package dev.sonde.instrumentation.okhttp;

import dev.sonde.instrumentation.api.testing.ShapeCoverage;
import org.junit.jupiter.api.Test;

/** The module's {@code LibraryShape} requires what its advice references of the library. */
class ShapeCoverageTest {

  @Test
  void theShapeOfOkHttpInstrumentationCoversWhatItsAdviceReferences() {
    ShapeCoverage.assertCovered(new OkHttpInstrumentation());
  }
}

package dev.sonde.instrumentation.lettuce;

import dev.sonde.instrumentation.api.testing.ShapeCoverage;
import org.junit.jupiter.api.Test;

/** The module's {@code LibraryShape} requires what its advice references of the library. */
class ShapeCoverageTest {

  @Test
  void theShapeOfLettuceInstrumentationCoversWhatItsAdviceReferences() {
    ShapeCoverage.assertCovered(new LettuceInstrumentation());
  }
}

package dev.sonde.instrumentation.apache4;

import dev.sonde.instrumentation.api.testing.ShapeCoverage;
import org.junit.jupiter.api.Test;

/** The module's {@code LibraryShape} requires what its advice references of the library. */
class ShapeCoverageTest {

  @Test
  void theShapeOfApacheHttpClient4InstrumentationCoversWhatItsAdviceReferences() {
    ShapeCoverage.assertCovered(new ApacheHttpClient4Instrumentation());
  }
}

package dev.sonde.instrumentation.jdbc;

import dev.sonde.instrumentation.api.testing.ShapeCoverage;
import org.junit.jupiter.api.Test;

/** The module's {@code LibraryShape} requires what its advice references of the library. */
class ShapeCoverageTest {

  @Test
  void theShapeOfJdbcInstrumentationCoversWhatItsAdviceReferences() {
    ShapeCoverage.assertCovered(new JdbcInstrumentation());
  }
}

package dev.sonde.instrumentation.jedis;

import dev.sonde.instrumentation.api.testing.ShapeCoverage;
import org.junit.jupiter.api.Test;

/** The module's {@code LibraryShape} requires what its advice references of the library. */
class ShapeCoverageTest {

  @Test
  void theShapeOfJedisInstrumentationCoversWhatItsAdviceReferences() {
    ShapeCoverage.assertCovered(new JedisInstrumentation());
  }
}

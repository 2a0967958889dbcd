package dev.sonde.e2e.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhaseResultTest {

  @Test
  void readsTheLoadGeneratorsResultLine() {
    PhaseResult result = PhaseResult.parse(
        "result steady seconds=60.000 requests=1200 errors=60 p50_us=812 p99_us=4210 max_us=31000");

    assertThat(result).isEqualTo(new PhaseResult("steady", 60.0, 1200, 60, 812, 4210, 31000));
    assertThat(result.throughput()).as("answered requests per second").isEqualTo(19.0);
  }
}

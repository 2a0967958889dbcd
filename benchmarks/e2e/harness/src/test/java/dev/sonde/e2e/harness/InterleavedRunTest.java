package dev.sonde.e2e.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InterleavedRunTest {

  private static final String ROOT = System.getProperty("java.io.tmpdir");

  @Test
  void comparesSondeWithNoAgentByDefault() {
    HarnessOptions options = HarnessOptions.parse(new String[] {"--root", ROOT, "--interleaved"});

    assertThat(InterleavedRun.instances(options)).containsExactly(
        new InterleavedRun.Instance("no agent", AgentSetup.NONE, 0),
        new InterleavedRun.Instance("Sonde", AgentSetup.SONDE, 0));
    assertThat(options.interleaving().rounds()).isEqualTo(40);
    assertThat(options.interleaving().sliceSeconds()).isEqualTo(3.0);
  }

  @Test
  void aaRunsSondeTwiceAndTheInjectedCostGoesToTheLast() {
    HarnessOptions options = HarnessOptions.parse(new String[] {"--root", ROOT, "--interleaved",
        "--aa", "--inject-micros", "20", "--slices", "12"});

    assertThat(InterleavedRun.instances(options)).containsExactly(
        new InterleavedRun.Instance("Sonde (A)", AgentSetup.SONDE, 0),
        new InterleavedRun.Instance("Sonde (B) + 20 µs", AgentSetup.SONDE, 20));
    assertThat(options.interleaving().rounds()).isEqualTo(12);
  }

  @Test
  void otelWhenAsked() {
    HarnessOptions options = HarnessOptions.parse(new String[] {"--root", ROOT, "--interleaved",
        "--quick", "--agents", "none,sonde,otel"});

    assertThat(InterleavedRun.instances(options)).extracting(InterleavedRun.Instance::setup)
        .containsExactly(AgentSetup.NONE, AgentSetup.SONDE, AgentSetup.OTEL);
    assertThat(options.interleaving().rounds()).isEqualTo(3);
  }

  @Test
  void interleavedOptionsNeedInterleaved() {
    assertThatThrownBy(() -> HarnessOptions.parse(new String[] {"--root", ROOT, "--aa"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--interleaved");
  }

  @Test
  void oneSetupIsNothingToCompare() {
    HarnessOptions options = HarnessOptions.parse(new String[] {"--root", ROOT, "--interleaved",
        "--agents", "sonde"});

    assertThatThrownBy(() -> InterleavedRun.instances(options))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSliceWithNoAnsweredRequestIsAProblem() {
    java.util.List<InterleavedRun.Instance> instances = java.util.List.of(
        new InterleavedRun.Instance("no agent", AgentSetup.NONE, 0),
        new InterleavedRun.Instance("Sonde", AgentSetup.SONDE, 0));
    java.util.List<Slice> slices = java.util.List.of(
        new Slice(0, 0, new PhaseResult("slice", 1.0, 500, 0, 500, 900, 2000), 0.1),
        new Slice(0, 1, new PhaseResult("slice", 1.0, 400, 0, 500, 900, 2000), 0.1),
        new Slice(1, 0, new PhaseResult("slice", 1.0, 500, 0, 500, 900, 2000), 0.1),
        new Slice(1, 1, new PhaseResult("slice", 1.0, 3, 3, 0, 0, 0), 0.1));

    assertThat(InterleavedRun.unanswered(instances, slices))
        .containsExactly("Sonde answered no request in round 2");
    assertThat(InterleavedRun.unanswered(instances, slices.subList(0, 3))).isEmpty();
  }
}

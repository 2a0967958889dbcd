package dev.sonde.e2e.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

  @Test
  void comparesTheMediansOfTheRoundsWithTheTargets() {
    Map<AgentSetup, List<Measurement>> runs = new LinkedHashMap<>();
    // No agent: medians 1.0 s, 1000 req/s steady, 100 µs, 300 MB.
    runs.put(AgentSetup.NONE, List.of(
        run(AgentSetup.NONE, 1.0, 900, 1000, 100, 300),
        run(AgentSetup.NONE, 0.9, 100, 400, 900, 300),
        run(AgentSetup.NONE, 1.2, 950, 1100, 100, 310)));
    // Sonde: start-up +0.6 s (a miss), steady × 0.96, CPU × 1.1, first × 0.9, RSS +40 MB.
    runs.put(AgentSetup.SONDE, List.of(
        run(AgentSetup.SONDE, 1.6, 810, 960, 110, 340),
        run(AgentSetup.SONDE, 1.6, 850, 990, 105, 345),
        run(AgentSetup.SONDE, 1.5, 700, 900, 500, 330)));

    Report full = new Report(options(false), List.of("conditions"), runs);
    String table = full.render();

    assertThat(table).containsPattern("start-up \\(launch → first 200\\) +\\+0\\.60 s .*MISS");
    assertThat(table).containsPattern("steady-state throughput +0\\.96 .*PASS");
    assertThat(table).containsPattern("CPU per request +1\\.10 .*PASS");
    assertThat(table).containsPattern("first-30-s throughput +0\\.90 .*PASS");
    assertThat(table).containsPattern("peak RSS +\\+40\\.00 MB .*PASS");
    assertThat(table).contains("| throughput, steady state | 1000 req/s | 960 req/s | × 0.96 |");
    assertThat(full.targetMissed()).isTrue();
    assertThat(table).as("the CPU split by thread, medians")
        .contains("| `http-nio-N.N.N.N-N-exec-N` | 80.0 | 88.0 |")
        .contains("| `GC Thread#N` | 20.0 | 22.0 |");
    assertThat(full.problems()).isEmpty();

    Report quick = new Report(options(true), List.of("conditions"), runs);
    assertThat(quick.render()).contains("shown, not checked");
    assertThat(quick.targetMissed()).as("a quick run checks nothing").isFalse();
  }

  @Test
  void checksTheTargetsOnEachRoundsOwnComparison() {
    Map<AgentSetup, List<Measurement>> runs = new LinkedHashMap<>();
    // The machine was three times as fast during round 3's no-agent run as in rounds 1 and 2.
    runs.put(AgentSetup.NONE, List.of(
        run(AgentSetup.NONE, 1.0, 900, 1000, 100, 300),
        run(AgentSetup.NONE, 1.0, 900, 1000, 100, 300),
        run(AgentSetup.NONE, 1.0, 900, 3000, 100, 300)));
    runs.put(AgentSetup.SONDE, List.of(
        run(AgentSetup.SONDE, 1.2, 900, 900, 110, 340),
        run(AgentSetup.SONDE, 1.2, 900, 2000, 110, 340),
        run(AgentSetup.SONDE, 1.2, 900, 2900, 110, 340)));

    String table = new Report(options(false), List.of(), runs).render();

    assertThat(table).as("the medians of each setup: 2000 against 1000")
        .contains("| throughput, steady state | 1000 req/s | 2000 req/s | × 2.00 |");
    assertThat(table).as("each round's pair: 0.90, 2.00, 0.97; their median is checked")
        .containsPattern("steady-state throughput +0\\.97 .*PASS  rounds: 0\\.90 2 0\\.97");
  }

  @Test
  void namesTheSetupOfEachProblem() {
    Measurement failed = new Measurement(AgentSetup.SONDE, 1, 1, phase("first", 10),
        phase("steady", 10), 1, 1, Map.of(), 1, 10, 0, 0, 0, 0,
        List.of("the receiver got no span"));
    Report report = new Report(options(false), List.of(), Map.of(AgentSetup.SONDE,
        List.of(failed)));

    assertThat(report.problems()).containsExactly("Sonde: the receiver got no span");
    assertThat(report.render()).contains("cannot be trusted");
  }

  private static Measurement run(AgentSetup setup, double startup, double first, double steady,
      double cpuMicros, double rssMegabytes) {
    return new Measurement(setup, startup, startup, phase("first", first),
        phase("steady", steady), cpuMicros, 4096,
        Map.of("http-nio-N.N.N.N-N-exec-N", cpuMicros * 0.8, "GC Thread#N", cpuMicros * 0.2),
        (long) (rssMegabytes * 1048576), 1000, 100, 3, 10, 10, List.of());
  }

  /** A phase of one second with {@code throughput} answered requests. */
  private static PhaseResult phase(String name, double throughput) {
    return new PhaseResult(name, 1.0, (long) throughput, 0, 500, 900, 2000);
  }

  private static HarnessOptions options(boolean quick) {
    return new HarnessOptions(Path.of("/"), quick, 3, 8, Path.of("java"), List.of(),
        List.of(AgentSetup.values()), quick ? HarnessOptions.QUICK : HarnessOptions.FULL,
        java.time.Duration.ofSeconds(10), false, false, null);
  }
}

package dev.sonde.e2e.harness;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A target of issue 7 for Sonde on these 2-core machines, against the run without an agent:
 * either a ratio (Sonde's figure over the baseline's) or a difference (Sonde's minus the
 * baseline's), with its bound.
 */
record Target(String what, ToDoubleFunction<Measurement> figure, boolean difference, double bound,
    boolean atMost, String unit) {

  static final List<Target> ISSUE_7 = List.of(
      new Target("start-up (launch → first 200)", Measurement::startupSeconds, true, 0.5, true,
          " s"),
      new Target("steady-state throughput", m -> m.steady().throughput(), false, 0.95, false, ""),
      new Target("CPU per request", Measurement::cpuMicrosPerRequest, false, 1.15, true, ""),
      new Target("first-30-s throughput", m -> m.first().throughput(), false, 0.85, false, ""),
      new Target("peak RSS", m -> m.peakRssBytes() / 1048576.0, true, 64, true, " MB"));

  /** Sonde's figure against the baseline's: the ratio or the difference. */
  double compare(double baseline, double agent) {
    return difference ? agent - baseline : agent / baseline;
  }

  boolean met(double compared) {
    return atMost ? compared <= bound : compared >= bound;
  }

  String boundText() {
    return (atMost ? "≤ " : "≥ ") + (difference ? "+" : "") + Report.number(bound) + unit;
  }

  String shown(double compared) {
    return difference ? Report.signed(compared) + unit : Report.number(compared);
  }
}

package dev.sonde.e2e.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The table the harness prints (Markdown, so that it goes into the README as it is): each figure
 * per agent setup, the median over the rounds, and against the run without an agent as a ratio
 * (or, for start-up and memory, a difference); then Sonde against the targets of issue 7, PASS or
 * MISS, on the median of the rounds' own comparisons (each round's Sonde run against the same
 * round's run without an agent); then whatever made a run untrustworthy.
 */
final class Report {

  /** A row of the table. {@code difference}: compared as agent minus baseline, else as a ratio. */
  private record Row(String name, String unit, int decimals, boolean difference,
      ToDoubleFunction<Measurement> figure) {}

  private final Map<AgentSetup, List<Measurement>> runs;
  private final HarnessOptions options;
  private final List<String> conditions;

  Report(HarnessOptions options, List<String> conditions, Map<AgentSetup, List<Measurement>> runs) {
    this.options = options;
    this.conditions = conditions;
    this.runs = new LinkedHashMap<>(runs);
  }

  private List<Row> rows() {
    long firstSeconds = options.phases().first().toSeconds();
    return List.of(
        new Row("start-up (launch → first 200)", "s", 2, true, Measurement::startupSeconds),
        new Row("CPU used until the first 200", "s", 2, true, Measurement::startupCpuSeconds),
        new Row("throughput, first " + firstSeconds + " s", "req/s", 0, false,
            m -> m.first().throughput()),
        new Row("throughput, steady state", "req/s", 0, false, m -> m.steady().throughput()),
        new Row("latency p50, steady state", "ms", 2, false, m -> m.steady().p50Micros() / 1e3),
        new Row("latency p99, steady state", "ms", 2, false, m -> m.steady().p99Micros() / 1e3),
        new Row("CPU time per request", "µs", 0, false, Measurement::cpuMicrosPerRequest),
        new Row("allocation per request", "KB", 1, false,
            m -> m.allocatedBytesPerRequest() / 1024),
        new Row("peak RSS (VmHWM)", "MB", 0, true, m -> m.peakRssBytes() / 1048576.0),
        new Row("spans exported per request", "", 2, true, Measurement::spansPerRequest),
        new Row("log lines with a trace id", "%", 0, true,
            m -> m.logLines() == 0 ? 0 : 100.0 * m.logLinesWithTraceId() / m.logLines()));
  }

  /** The median of {@code figure} over the rounds of {@code setup}. */
  private double median(AgentSetup setup, ToDoubleFunction<Measurement> figure) {
    return median(runs.get(setup).stream().mapToDouble(figure).toArray());
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /**
   * Sonde against no agent for {@code target}, round by round, in round order. A round runs the
   * setups one after the other, so each pair shares the machine's state of the moment: on a
   * machine whose speed drifts during a run, the pairs vary less than the medians of each setup.
   */
  private double[] comparedByRound(Target target) {
    List<Measurement> baseline = runs.get(AgentSetup.NONE);
    List<Measurement> sonde = runs.get(AgentSetup.SONDE);
    double[] compared = new double[Math.min(baseline.size(), sonde.size())];
    for (int round = 0; round < compared.length; round++) {
      compared[round] = target.compare(target.figure().applyAsDouble(baseline.get(round)),
          target.figure().applyAsDouble(sonde.get(round)));
    }
    return compared;
  }

  private boolean hasBaseline() {
    return runs.containsKey(AgentSetup.NONE);
  }

  String render() {
    StringBuilder out = new StringBuilder();
    conditions.forEach(line -> out.append(line).append('\n'));
    out.append('\n');
    List<String> header = new ArrayList<>(List.of(""));
    for (AgentSetup setup : runs.keySet()) {
      header.add(setup.label);
      if (setup.hasAgent() && hasBaseline()) {
        header.add("vs none");
      }
    }
    out.append(tableLine(header));
    out.append(tableLine(header.stream().map(h -> h.isEmpty() ? "---" : "---:").toList()));
    for (Row row : rows()) {
      List<String> cells = new ArrayList<>(List.of(row.name()));
      for (AgentSetup setup : runs.keySet()) {
        double value = median(setup, row.figure());
        cells.add(fixed(value, row.decimals()) + (row.unit().isEmpty() ? "" : " " + row.unit()));
        if (setup.hasAgent() && hasBaseline()) {
          double base = median(AgentSetup.NONE, row.figure());
          cells.add(row.difference() ? signed(value - base, row.decimals()) + " " + row.unit()
              : base == 0 ? "—" : "× " + fixed(value / base, 2));
        }
      }
      out.append(tableLine(cells));
    }
    out.append('\n');
    out.append(cpuByThread());
    out.append('\n');
    if (hasBaseline() && runs.containsKey(AgentSetup.SONDE)) {
      out.append(options.quick()
          ? "Sonde against the targets of issue 7 (a --quick run: shown, not checked):\n"
          : "Sonde against the targets of issue 7:\n");
      for (Target target : Target.ISSUE_7) {
        double[] byRound = comparedByRound(target);
        double compared = median(byRound);
        StringBuilder rounds = new StringBuilder();
        if (byRound.length > 1) {
          rounds.append("  rounds:");
          for (double round : byRound) {
            rounds.append(' ').append(target.shown(round));
          }
        }
        out.append(String.format(Locale.ROOT, "  %-32s %10s  (target %s)  %s%s%n", target.what(),
            target.shown(compared), target.boundText(), target.met(compared) ? "PASS" : "MISS",
            rounds));
      }
    }
    List<String> problems = problems();
    if (!problems.isEmpty()) {
      out.append("\nProblems (these runs cannot be trusted):\n");
      problems.forEach(problem -> out.append("  ").append(problem).append('\n'));
    }
    return out.toString();
  }

  /**
   * Where the steady-state CPU time per request goes, by thread group: which part is the service's
   * own threads, which the agent's (its exporter, its metrics endpoint), the JIT's, the GC's.
   */
  private String cpuByThread() {
    Map<String, Double> largest = new LinkedHashMap<>();
    for (AgentSetup setup : runs.keySet()) {
      for (Measurement m : runs.get(setup)) {
        m.cpuMicrosPerRequestByThread().forEach((thread, micros) -> largest.merge(thread, micros,
            Math::max));
      }
    }
    StringBuilder out = new StringBuilder("Steady-state CPU time per request by thread (µs;"
        + " the kernel's thread names, digits as N; groups under 0.5 µs left out):\n\n");
    List<String> header = new ArrayList<>(List.of("thread"));
    runs.keySet().forEach(setup -> header.add(setup.label));
    out.append(tableLine(header));
    out.append(tableLine(header.stream().map(h -> h.equals("thread") ? "---" : "---:").toList()));
    largest.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(group -> {
          List<String> cells = new ArrayList<>(List.of("`" + group.getKey() + "`"));
          for (AgentSetup setup : runs.keySet()) {
            cells.add(fixed(median(setup, m -> m.cpuMicrosPerRequestByThread()
                .getOrDefault(group.getKey(), 0.0)), 1));
          }
          out.append(tableLine(cells));
        });
    return out.toString();
  }

  /** Every run's problems, named by setup. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    runs.forEach((setup, measurements) -> measurements.forEach(m -> m.problems()
        .forEach(problem -> problems.add(setup.label + ": " + problem))));
    return problems;
  }

  /** Whether Sonde missed a target (never in a quick run, which checks nothing). */
  boolean targetMissed() {
    if (options.quick() || !hasBaseline() || !runs.containsKey(AgentSetup.SONDE)) {
      return false;
    }
    return Target.ISSUE_7.stream()
        .anyMatch(target -> !target.met(median(comparedByRound(target))));
  }

  private static String tableLine(List<String> cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }

  static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  static String signed(double value, int decimals) {
    return (value >= 0 ? "+" : "−") + fixed(Math.abs(value), decimals);
  }

  /** A bound or ratio: two decimals, or none for whole numbers. */
  static String number(double value) {
    return value == Math.rint(value) ? fixed(value, 0) : fixed(value, 2);
  }

  static String signed(double value) {
    return signed(value, 2);
  }
}

package dev.sonde.e2e.harness;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The interleaved run's table (Markdown): for each figure, the baseline's median over its slices,
 * each other setup's, and the setup against the baseline as the median of the paired ratios with
 * its 95 % bootstrap interval ({@link PairedRatios}) and the number of pairs. With an injected
 * cost, the CPU-per-request ratio that cost should give, and whether the interval holds it.
 */
final class InterleavedReport {

  private record Figure(String name, String unit, int decimals, ToDoubleFunction<Slice> value) {}

  private static final List<Figure> FIGURES = List.of(
      new Figure("throughput", "req/s", 0, Slice::throughput),
      new Figure("CPU per request", "µs", 0, Slice::cpuMicrosPerRequest),
      new Figure("latency p50", "ms", 2, slice -> slice.p50Micros() / 1e3),
      new Figure("latency p99", "ms", 2, slice -> slice.p99Micros() / 1e3));

  private final InterleavedRun.Result result;
  private final List<String> conditions;

  InterleavedReport(List<String> conditions, InterleavedRun.Result result) {
    this.conditions = conditions;
    this.result = result;
  }

  String render() {
    List<InterleavedRun.Instance> instances = result.instances();
    StringBuilder out = new StringBuilder();
    conditions.forEach(line -> out.append(line).append("  \n"));
    out.append('\n');
    for (int setup = 1; setup < instances.size(); setup++) {
      String baseline = instances.get(0).label();
      String other = instances.get(setup).label();
      out.append(String.format(Locale.ROOT, "| figure | %s | %s | ratio | 95 %% interval |"
          + " pairs |%n|---|--:|--:|--:|--:|--:|%n", baseline, other));
      for (Figure figure : FIGURES) {
        double[] ratios = PairedRatios.ratios(result.slices(), 0, setup, figure.value());
        if (ratios.length == 0) {
          continue;
        }
        PairedRatios.Interval interval = PairedRatios.bootstrapMedian(ratios, result.seed());
        out.append(String.format(Locale.ROOT, "| %s (%s) | %s | %s | %.3f | %.3f – %.3f | %d |%n",
            figure.name(), figure.unit(), value(figure, 0), value(figure, setup),
            interval.median(), interval.low(), interval.high(), interval.pairs()));
      }
      out.append('\n');
      int cost = instances.get(setup).costMicros() - instances.get(0).costMicros();
      if (cost > 0) {
        out.append(injectedCost(setup, cost));
      }
    }
    if (!result.problems().isEmpty()) {
      out.append("\nPROBLEMS (the run cannot be trusted):\n");
      result.problems().forEach(problem -> out.append("- ").append(problem).append('\n'));
    }
    return out.toString();
  }

  /**
   * The cost's expected CPU-per-request ratio, {@code 1 + cost / baseline's median}: an upper
   * bound, since the busy loop runs for wall-clock time and a preempted thread burns less.
   */
  private String injectedCost(int setup, int costMicros) {
    double[] ratios = PairedRatios.ratios(result.slices(), 0, setup, Slice::cpuMicrosPerRequest);
    PairedRatios.Interval interval = PairedRatios.bootstrapMedian(ratios, result.seed());
    double baseline = PairedRatios.median(valuesOf(0, Slice::cpuMicrosPerRequest));
    double expected = 1 + costMicros / baseline;
    return String.format(Locale.ROOT, "Injected cost: %d µs per request on %.0f µs, expected CPU"
            + " ratio at most %.3f; measured %.3f (%.3f – %.3f): %s, %s.%n", costMicros, baseline,
        expected, interval.median(), interval.low(), interval.high(),
        interval.low() > 1 ? "detected (the interval excludes 1.00)" : "NOT detected",
        interval.contains(expected) ? "the interval holds the expected ratio"
            : "the interval does not hold the expected ratio");
  }

  private String value(Figure figure, int setup) {
    return String.format(Locale.ROOT, "%." + figure.decimals() + "f",
        PairedRatios.median(valuesOf(setup, figure.value())));
  }

  private double[] valuesOf(int setup, ToDoubleFunction<Slice> figure) {
    return result.slices().stream().filter(slice -> slice.setup() == setup)
        .mapToDouble(figure).toArray();
  }
}

package dev.sonde.e2e.harness;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * The statistics of the interleaved run: a setup's figure against the baseline's as the ratio of
 * the two slices of each round (the pair ran seconds apart, so slow drifts of the machine cancel),
 * summarised as the median of those ratios with a 95 % percentile-bootstrap interval over rounds.
 */
final class PairedRatios {

  /** Resamples of the bootstrap: enough for stable 2.5 and 97.5 percentiles. */
  static final int RESAMPLES = 10_000;

  /** The median ratio, its 95 % interval and how many pairs it comes from. */
  record Interval(double median, double low, double high, int pairs) {

    boolean contains(double value) {
      return low <= value && value <= high;
    }
  }

  private PairedRatios() {}

  /**
   * {@code figure(setup) / figure(baseline)} for each round that has a slice of both, in round
   * order; rounds missing either slice (a run cut short) are left out.
   */
  static double[] ratios(List<Slice> slices, int baseline, int setup,
      ToDoubleFunction<Slice> figure) {
    Map<Integer, Slice> baselineByRound = new HashMap<>();
    Map<Integer, Slice> setupByRound = new HashMap<>();
    for (Slice slice : slices) {
      if (slice.setup() == baseline) {
        baselineByRound.put(slice.round(), slice);
      } else if (slice.setup() == setup) {
        setupByRound.put(slice.round(), slice);
      }
    }
    return setupByRound.keySet().stream().sorted()
        .filter(baselineByRound::containsKey)
        .mapToDouble(round -> figure.applyAsDouble(setupByRound.get(round))
            / figure.applyAsDouble(baselineByRound.get(round)))
        .toArray();
  }

  static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("the median of nothing");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /**
   * The median of {@code ratios} and its 95 % percentile-bootstrap interval: the 2.5th and 97.5th
   * percentiles of the medians of {@link #RESAMPLES} resamples (with replacement) of the pairs.
   * The seed makes a report reproducible from its slices.
   */
  static Interval bootstrapMedian(double[] ratios, long seed) {
    double median = median(ratios);
    SplittableRandom random = new SplittableRandom(seed);
    double[] medians = new double[RESAMPLES];
    double[] resample = new double[ratios.length];
    for (int r = 0; r < RESAMPLES; r++) {
      for (int i = 0; i < resample.length; i++) {
        resample[i] = ratios[random.nextInt(ratios.length)];
      }
      medians[r] = median(resample);
    }
    Arrays.sort(medians);
    return new Interval(median, percentile(medians, 0.025), percentile(medians, 0.975),
        ratios.length);
  }

  /** The {@code p}-quantile of sorted values, by the nearest rank. */
  static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
  }
}

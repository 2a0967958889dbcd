package dev.sonde.e2e.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedRatiosTest {

  @Test
  void pairsEachRoundsSlicesWhateverTheirOrder() {
    // Round 0 ran the setup first, round 1 the baseline first: each ratio is setup / baseline.
    List<Slice> slices = List.of(
        slice(0, 1, 1100), slice(0, 0, 1000),
        slice(1, 0, 2000), slice(1, 1, 1800));

    double[] ratios = PairedRatios.ratios(slices, 0, 1, Slice::throughput);

    assertThat(ratios).containsExactly(1.1, 0.9);
  }

  @Test
  void leavesOutRoundsWithoutBothSlices() {
    List<Slice> slices = List.of(
        slice(0, 0, 1000), slice(0, 1, 500),
        slice(1, 0, 1000),
        slice(2, 1, 700),
        slice(3, 1, 3000), slice(3, 0, 1000));

    assertThat(PairedRatios.ratios(slices, 0, 1, Slice::throughput)).containsExactly(0.5, 3.0);
  }

  @Test
  void pairsAThirdSetupWithTheBaselineOnly() {
    List<Slice> slices = List.of(slice(0, 2, 400), slice(0, 0, 1000), slice(0, 1, 900));

    assertThat(PairedRatios.ratios(slices, 0, 2, Slice::throughput)).containsExactly(0.4);
    assertThat(PairedRatios.ratios(slices, 1, 2, Slice::throughput))
        .containsExactly(400.0 / 900);
  }

  @Test
  void cpuPerRequestComesFromTheSlicesCpuAndAnsweredRequests() {
    Slice slice = new Slice(0, 0,
        new PhaseResult("slice", 2.0, 1010, 10, 500, 900, 2000), 0.5);

    assertThat(slice.cpuMicrosPerRequest()).isEqualTo(500.0);
    assertThat(slice.throughput()).isEqualTo(500.0);
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(PairedRatios.median(new double[] {3, 1, 2})).isEqualTo(2);
    assertThat(PairedRatios.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    assertThat(PairedRatios.median(new double[] {0.97})).isEqualTo(0.97);
    assertThatThrownBy(() -> PairedRatios.median(new double[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void percentileByNearestRank() {
    double[] sorted = new double[100];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = i + 1;
    }
    assertThat(PairedRatios.percentile(sorted, 0.025)).isEqualTo(3);
    assertThat(PairedRatios.percentile(sorted, 0.975)).isEqualTo(98);
    assertThat(PairedRatios.percentile(sorted, 0.0)).isEqualTo(1);
    assertThat(PairedRatios.percentile(sorted, 1.0)).isEqualTo(100);
  }

  @Test
  void equalRatiosGiveAnIntervalOfNoWidth() {
    double[] ratios = {1.02, 1.02, 1.02, 1.02, 1.02};

    PairedRatios.Interval interval = PairedRatios.bootstrapMedian(ratios, 1);

    assertThat(interval).isEqualTo(new PairedRatios.Interval(1.02, 1.02, 1.02, 5));
  }

  @Test
  void intervalHoldsTheMedianWithinTheRatiosRange() {
    double[] ratios = noisyRatios(1.0, 0.05, 40, new Random(7));

    PairedRatios.Interval interval = PairedRatios.bootstrapMedian(ratios, 3);

    assertThat(interval.pairs()).isEqualTo(40);
    assertThat(interval.median()).isEqualTo(PairedRatios.median(ratios));
    assertThat(interval.low()).isLessThanOrEqualTo(interval.median());
    assertThat(interval.high()).isGreaterThanOrEqualTo(interval.median());
    assertThat(interval.high() - interval.low()).isPositive();
    assertThat(interval.low()).isGreaterThanOrEqualTo(min(ratios));
  }

  @Test
  void aaLikeRatiosGiveAnIntervalHoldingOne() {
    // 40 pairs with ±3 % noise around 1: the interval of the median is about ±1.5 %.
    double[] ratios = noisyRatios(1.0, 0.03, 40, new Random(11));

    PairedRatios.Interval interval = PairedRatios.bootstrapMedian(ratios, 5);

    assertThat(interval.contains(1.0)).as("%s", interval).isTrue();
    assertThat(interval.high() - interval.low()).isLessThan(0.04);
  }

  @Test
  void aFivePercentCostIsSeenThroughThreePercentNoise() {
    double[] ratios = noisyRatios(1.05, 0.03, 40, new Random(13));

    PairedRatios.Interval interval = PairedRatios.bootstrapMedian(ratios, 5);

    assertThat(interval.contains(1.0)).as("%s", interval).isFalse();
    assertThat(interval.contains(1.05)).as("%s", interval).isTrue();
    assertThat(interval.median()).isCloseTo(1.05, within(0.02));
  }

  @Test
  void theSameSeedGivesTheSameInterval() {
    double[] ratios = noisyRatios(1.0, 0.1, 20, new Random(17));

    assertThat(PairedRatios.bootstrapMedian(ratios, 42))
        .isEqualTo(PairedRatios.bootstrapMedian(ratios, 42));
  }

  /** Ratios {@code center × (1 + uniform noise in ±spread)}. */
  private static double[] noisyRatios(double center, double spread, int count, Random random) {
    double[] ratios = new double[count];
    for (int i = 0; i < count; i++) {
      ratios[i] = center * (1 + spread * (2 * random.nextDouble() - 1));
    }
    return ratios;
  }

  private static double min(double[] values) {
    double min = Double.MAX_VALUE;
    for (double value : values) {
      min = Math.min(min, value);
    }
    return min;
  }

  /** A one-second slice that answered {@code requests} requests. */
  private static Slice slice(int round, int setup, long requests) {
    return new Slice(round, setup, new PhaseResult("slice", 1.0, requests, 0, 500, 900, 2000),
        requests * 1e-4);
  }
}

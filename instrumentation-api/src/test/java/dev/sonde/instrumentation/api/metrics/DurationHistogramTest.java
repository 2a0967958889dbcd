package dev.sonde.instrumentation.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Histogram;
import io.prometheus.client.exemplars.ExemplarConfig;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationHistogramTest {

  /** The agent's default {@code sonde.metrics.duration.buckets}. */
  private static final double[] BUCKETS =
      {0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10};

  @BeforeAll
  static void noExemplars() {
    // As the agent runs simpleclient (AgentStarter).
    ExemplarConfig.disableExemplars();
  }

  private static Histogram simpleclients(String... labelNames) {
    return Histogram.build("request_duration_seconds", "Durations.").labelNames(labelNames)
        .buckets(BUCKETS).create();
  }

  private static DurationHistogram ours(String... labelNames) {
    return DurationHistogram.build("request_duration_seconds", "Durations.")
        .labelNames(labelNames).buckets(BUCKETS).create();
  }

  /** One observation each, on and around bounds, the way callers gave simpleclient seconds. */
  @ParameterizedTest
  @ValueSource(longs = {0, 1, 4_999_999, 5_000_000, 5_000_001, 99_999_999, 100_000_000,
      100_000_001, 200_000_000, 250_000_000, 999_999_999, 1_000_000_000, 2_500_000_000L,
      9_999_999_999L, 10_000_000_000L, 10_000_000_001L, 3_600_000_000_000L, -1})
  void oneObservationLandsInSimpleclientsBucket(long nanos) {
    Histogram simpleclients = simpleclients("method");
    DurationHistogram ours = ours("method");

    simpleclients.labels("GET").observe(nanos / 1e9);
    ours.labels("GET").observeNanos(nanos);

    Exposition.assertSame(simpleclients, ours);
  }

  @Test
  void withoutLabelsIsScrapedAsSimpleclientsHistogram() {
    Histogram simpleclients = simpleclients();
    DurationHistogram ours = ours();

    Exposition.assertSame(simpleclients, ours);

    // Binary fractions of a second: simpleclient's running sum of doubles is exact too.
    long[] nanos =
        {500_000_000, 250_000_000, 62_500_000, 2_000_000_000, 0, 1_953_125, 20_000_000_000L};
    for (long n : nanos) {
      simpleclients.labels().observe(n / 1e9);
      ours.labels().observeNanos(n);
    }
    Exposition.assertSame(simpleclients, ours);
  }

  @Test
  void withLabelsIsScrapedAsSimpleclientsHistogram() {
    Histogram simpleclients = simpleclients("method", "endpoint");
    DurationHistogram ours = ours("method", "endpoint");
    String[][] labelSets = {{"GET", "/users/{id}"}, {"POST", "/orders"}, {"", ""},
        {"GET", "/quote\"back\\slash\nnewline"}};
    long[] nanos = {500_000_000, 250_000_000, 62_500_000, 7_812_500, 3_906_250, 15_625_000,
        31_250_000, 125_000_000, 1_000_000_000, 4_000_000_000L, 16_000_000_000L};
    for (int set = 0; set < labelSets.length; set++) {
      for (int i = 0; i <= set * 3; i++) {
        long n = nanos[(set + i) % nanos.length];
        simpleclients.labels(labelSets[set]).observe(n / 1e9);
        ours.labels(labelSets[set]).observeNanos(n);
      }
    }

    Exposition.assertSame(simpleclients, ours);
  }

  @Test
  void manyDurationsFillTheSameBucketsWithTheSameSum() {
    Histogram simpleclients = simpleclients("command");
    DurationHistogram ours = ours("command");
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      long n;
      if (i % 2 == 0) {
        // Within a few nanoseconds of a bound.
        double bound = BUCKETS[random.nextInt(BUCKETS.length)];
        n = Math.round(bound * 1e9) + random.nextInt(7) - 3;
      } else {
        n = (long) (random.nextDouble() * 12e9);
      }
      String command = i % 3 == 0 ? "GET" : "SET";
      simpleclients.labels(command).observe(n / 1e9);
      ours.labels(command).observeNanos(n);
    }

    // simpleclient rounds its sum at each of the 10,000 additions; ours rounds once.
    Exposition.assertSame(simpleclients, ours, 1e-12);
  }

  @Test
  void anInfiniteLastBoundIsNotAddedTwice() {
    Histogram simpleclients = Histogram.build("d_seconds", "d")
        .buckets(0.1, 1, Double.POSITIVE_INFINITY).create();
    DurationHistogram ours = DurationHistogram.build("d_seconds", "d")
        .buckets(0.1, 1, Double.POSITIVE_INFINITY).create();
    simpleclients.labels().observe(2);
    ours.labels().observeNanos(2_000_000_000);

    Exposition.assertSame(simpleclients, ours);
    assertThat(ours.upperBoundsSeconds()).containsExactly(0.1, 1, Double.POSITIVE_INFINITY);
  }

  @Test
  void boundsAreCheckedAsSimpleclientChecksThem() {
    assertThatThrownBy(() -> DurationHistogram.build("d", "d").buckets(1, 1).create())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> DurationHistogram.build("d", "d").buckets(2, 1).create())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> DurationHistogram.build("d", "d").buckets().create())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> DurationHistogram.build("d", "d").create())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> DurationHistogram.build("d", "d").labelNames("le").buckets(1).create())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theNanosecondBoundIsTheLastCountWithinTheBoundInSeconds() {
    // Bounds where floor(seconds * 1e9) is one too low, then one too high.
    double[] roundingTraps = {4.098270915, Math.nextDown(13.980132448)};
    Random random = new Random(7);
    double[] bounds = new double[2_000 + BUCKETS.length + roundingTraps.length];
    for (int i = 0; i < 2_000; i++) {
      bounds[i] = random.nextDouble() * Math.pow(10, random.nextInt(16) - 10);
    }
    System.arraycopy(BUCKETS, 0, bounds, 2_000, BUCKETS.length);
    System.arraycopy(roundingTraps, 0, bounds, 2_000 + BUCKETS.length, roundingTraps.length);
    for (double seconds : bounds) {
      long nanos = DurationHistogram.lastNanosWithin(seconds);
      assertThat(nanos / 1e9).as("%s s", seconds).isLessThanOrEqualTo(seconds);
      assertThat((nanos + 1) / 1e9).as("%s s", seconds).isGreaterThan(seconds);
    }
    assertThat(DurationHistogram.lastNanosWithin(Double.POSITIVE_INFINITY))
        .isEqualTo(Long.MAX_VALUE);
    assertThat(DurationHistogram.lastNanosWithin(1e300)).isEqualTo(Long.MAX_VALUE);
    assertThat(DurationHistogram.lastNanosWithin(0)).isZero();
    assertThat(DurationHistogram.lastNanosWithin(-1e-9)).isEqualTo(-1);
    assertThat(DurationHistogram.lastNanosWithin(Double.NaN)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void concurrentObservationsAllCount() throws Exception {
    DurationHistogram family = ours("command");
    DurationHistogram.Child child = family.labels("GET");
    int threads = 4;
    int observations = 100_000;

    // Thread t observes t + 1 ms (up to 4 ms: the first bucket) and 7 ms (the second), so the
    // counts and the sum are known.
    Concurrently.run(threads, thread -> {
      for (int i = 0; i < observations; i++) {
        child.observeNanos((thread + 1) * 1_000_000L);
        child.observeNanos(7_000_000L);
      }
    });

    CollectorRegistry registry = new CollectorRegistry(true);
    registry.register(family);
    String[] names = {"command", "le"};
    assertThat(registry.getSampleValue("request_duration_seconds_bucket", names,
        new String[] {"GET", "0.005"})).isEqualTo((double) threads * observations);
    assertThat(registry.getSampleValue("request_duration_seconds_bucket", names,
        new String[] {"GET", "0.01"})).isEqualTo(2.0 * threads * observations);
    assertThat(registry.getSampleValue("request_duration_seconds_count",
        new String[] {"command"}, new String[] {"GET"})).isEqualTo(2.0 * threads * observations);
    long sumNanos = (long) observations * (1 + 2 + 3 + 4 + 4 * 7) * 1_000_000L;
    assertThat(registry.getSampleValue("request_duration_seconds_sum",
        new String[] {"command"}, new String[] {"GET"})).isEqualTo(sumNanos / 1e9);
  }
}

package dev.sonde.instrumentation.api.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.SimpleCollector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A histogram family of durations, observed in nanoseconds and exposed in seconds exactly as
 * simpleclient's {@code Histogram} is: {@code <name>_bucket} (cumulative, with {@code le}
 * formatted by {@link Collector#doubleToGoString}, {@code +Inf} last), {@code <name>_count},
 * {@code <name>_sum} and, unless simpleclient is told otherwise, {@code <name>_created}.
 *
 * <p>Why not simpleclient's {@code Histogram}: an observation there adds to two of simpleclient's
 * {@code DoubleAdder}s (its bucket and the sum), each looking up the thread's stripe in a
 * {@code ThreadLocal} once contended, and checks for exemplars. Here each bucket and the sum are
 * a JDK {@link LongAdder}, whose stripe hash is a field of the {@code Thread}.
 *
 * <p>The bucket bounds are given in seconds and turned once into nanoseconds, each into the
 * largest count of nanoseconds {@code n} for which {@code n / 1e9 <= bound} (see
 * {@link #lastNanosWithin}): {@code n} nanoseconds then land in the bucket where simpleclient put
 * {@code n / 1e9} seconds, the first whose bound is at least the value. Buckets count
 * non-cumulatively and are summed at scrape. The sum is kept in whole nanoseconds (it overflows
 * after 292 years of summed durations) and divided by 1e9 at scrape: for one observation the same
 * double as simpleclient's, for many the exact total rounded once, where simpleclient's running
 * sum of doubles may differ from it in the last digits.
 */
public final class DurationHistogram extends SimpleCollector<DurationHistogram.Child>
    implements Collector.Describable {

  private static final double NANOS_PER_SECOND = 1e9;

  /** Bucket upper bounds in seconds, {@code +Inf} last: what {@code le} shows. */
  private final double[] upperBoundsSeconds;
  /** The same in nanoseconds, {@code Long.MAX_VALUE} for {@code +Inf}: what recording compares. */
  private final long[] upperBoundsNanos;
  private final List<String> labelNamesWithLe;
  private final String[] leValues;

  private DurationHistogram(Builder builder, double[] upperBoundsSeconds) {
    super(builder);
    if (labelNames.contains("le")) {
      throw new IllegalStateException("Histogram cannot have a label named 'le'.");
    }
    this.upperBoundsSeconds = upperBoundsSeconds;
    this.upperBoundsNanos = new long[upperBoundsSeconds.length];
    this.leValues = new String[upperBoundsSeconds.length];
    for (int i = 0; i < upperBoundsSeconds.length; i++) {
      upperBoundsNanos[i] = lastNanosWithin(upperBoundsSeconds[i]);
      leValues[i] = doubleToGoString(upperBoundsSeconds[i]);
    }
    List<String> withLe = new ArrayList<String>(labelNames);
    withLe.add("le");
    this.labelNamesWithLe = Collections.unmodifiableList(withLe);
    initializeNoLabelsChild();
  }

  /** A builder for the family {@code name} with its help text; then labelNames, buckets, create. */
  public static Builder build(String name, String help) {
    return new Builder().name(name).help(help);
  }

  /**
   * The largest {@code n} with {@code n / 1e9 <= seconds}, computed in doubles as callers computed
   * the seconds they gave simpleclient ({@code nanos / 1e9}): the division rounds, so the bound is
   * not always {@code seconds * 1e9} rounded. {@code Long.MAX_VALUE} from about 292 years up
   * ({@code +Inf}); {@code Long.MIN_VALUE} for bounds below that far negative, and for NaN (no
   * value is at most NaN in simpleclient).
   */
  static long lastNanosWithin(double seconds) {
    if (seconds >= Long.MAX_VALUE / NANOS_PER_SECOND) {
      return Long.MAX_VALUE;
    }
    if (!(seconds > Long.MIN_VALUE / NANOS_PER_SECOND)) {
      return Long.MIN_VALUE;
    }
    long nanos = (long) Math.floor(seconds * NANOS_PER_SECOND);
    while (nanos < Long.MAX_VALUE && (nanos + 1) / NANOS_PER_SECOND <= seconds) {
      nanos++;
    }
    while (nanos > Long.MIN_VALUE && nanos / NANOS_PER_SECOND > seconds) {
      nanos--;
    }
    return nanos;
  }

  /**
   * simpleclient's constructor makes the no-labels child before our bounds are set; it is made
   * again at the end of ours.
   */
  @Override
  protected void initializeNoLabelsChild() {
    if (upperBoundsNanos != null) {
      super.initializeNoLabelsChild();
    }
  }

  @Override
  protected Child newChild() {
    return new Child(upperBoundsNanos);
  }

  @Override
  public List<MetricFamilySamples> collect() {
    List<MetricFamilySamples.Sample> samples = new ArrayList<MetricFamilySamples.Sample>();
    for (Map.Entry<List<String>, Child> entry : children.entrySet()) {
      List<String> labelValues = entry.getKey();
      Child child = entry.getValue();
      long cumulative = 0;
      for (int i = 0; i < leValues.length; i++) {
        cumulative += child.counts[i].sum();
        List<String> labelValuesWithLe = new ArrayList<String>(labelValues.size() + 1);
        labelValuesWithLe.addAll(labelValues);
        labelValuesWithLe.add(leValues[i]);
        samples.add(new MetricFamilySamples.Sample(fullname + "_bucket", labelNamesWithLe,
            labelValuesWithLe, cumulative));
      }
      samples.add(new MetricFamilySamples.Sample(fullname + "_count", labelNames, labelValues,
          cumulative));
      samples.add(new MetricFamilySamples.Sample(fullname + "_sum", labelNames, labelValues,
          child.sumNanos.sum() / NANOS_PER_SECOND));
      if (CreatedSeries.INCLUDED) {
        samples.add(new MetricFamilySamples.Sample(fullname + "_created", labelNames, labelValues,
            child.createdMillis / 1000.0));
      }
    }
    return familySamplesList(Type.HISTOGRAM, samples);
  }

  /** The names the registry checks for clashes: the same as simpleclient's histogram. */
  @Override
  public List<MetricFamilySamples> describe() {
    return Collections.singletonList(new MetricFamilySamples(fullname, Type.HISTOGRAM, help,
        Collections.<MetricFamilySamples.Sample>emptyList()));
  }

  /** The bucket upper bounds in seconds, {@code +Inf} last. */
  double[] upperBoundsSeconds() {
    return upperBoundsSeconds.clone();
  }

  /** Configures a {@link DurationHistogram}: name, help, label names and bucket bounds. */
  public static final class Builder extends SimpleCollector.Builder<Builder, DurationHistogram> {

    private double[] bucketsSeconds;

    /** Bucket upper bounds in seconds, increasing; {@code +Inf} is added when missing. */
    public Builder buckets(double... seconds) {
      this.bucketsSeconds = seconds.clone();
      return this;
    }

    /** Checks the bounds as simpleclient's histogram builder does. */
    @Override
    public DurationHistogram create() {
      double[] bounds = bucketsSeconds;
      if (bounds == null || bounds.length == 0) {
        throw new IllegalStateException("Histogram must have at least one bucket.");
      }
      for (int i = 0; i < bounds.length - 1; i++) {
        if (bounds[i] >= bounds[i + 1]) {
          throw new IllegalStateException("Histogram buckets must be in increasing order: "
              + bounds[i] + " >= " + bounds[i + 1]);
        }
      }
      if (bounds[bounds.length - 1] != Double.POSITIVE_INFINITY) {
        double[] withInfinity = new double[bounds.length + 1];
        System.arraycopy(bounds, 0, withInfinity, 0, bounds.length);
        withInfinity[bounds.length] = Double.POSITIVE_INFINITY;
        bounds = withInfinity;
      }
      return new DurationHistogram(this, bounds);
    }
  }

  /** One label set's buckets and sum. Lock-free and allocation-free. */
  public static final class Child {

    /** The family's bounds in nanoseconds, shared; the last is {@code Long.MAX_VALUE}. */
    private final long[] upperBoundsNanos;
    /** Observations per bucket, not cumulative: one add per observation. */
    final LongAdder[] counts;
    final LongAdder sumNanos = new LongAdder();
    /** When the child was made: simpleclient's {@code _created} value. */
    final long createdMillis = System.currentTimeMillis();

    Child(long[] upperBoundsNanos) {
      this.upperBoundsNanos = upperBoundsNanos;
      this.counts = new LongAdder[upperBoundsNanos.length];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = new LongAdder();
      }
    }

    /** Records a duration of {@code nanos} nanoseconds. */
    public void observeNanos(long nanos) {
      long[] bounds = upperBoundsNanos;
      int bucket = 0;
      // The last bound is Long.MAX_VALUE: the loop stops at the +Inf bucket at the latest.
      while (nanos > bounds[bucket]) {
        bucket++;
      }
      counts[bucket].increment();
      sumNanos.add(nanos);
    }
  }
}

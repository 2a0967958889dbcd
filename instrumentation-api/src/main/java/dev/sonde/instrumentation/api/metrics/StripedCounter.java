package dev.sonde.instrumentation.api.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.SimpleCollector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A counter family whose children count whole events on the JDK's {@link LongAdder}, scraped
 * exactly as simpleclient's {@code Counter} is: family {@code <name>} (a {@code _total} suffix
 * given to the builder is dropped, as simpleclient does), samples {@code <name>_total} and, unless
 * simpleclient is told otherwise, {@code <name>_created}.
 *
 * <p>Why not simpleclient's {@code Counter}: its children add to simpleclient's own
 * {@code DoubleAdder}, which, once its cells exist (after the first contention, so always on a
 * busy server), looks up the thread's stripe in a {@code ThreadLocal} on every add. On an
 * application thread that holds many thread locals (Tomcat's) that lookup misses and probes the
 * thread's map. {@code LongAdder} keeps the stripe hash in the {@code Thread} itself, and there is
 * no exemplar check either (the agent turns exemplars off).
 *
 * <p>It stays a simpleclient {@code SimpleCollector} (simpleclient asks not to be subclassed, but
 * its API is stable on the 0.16 line the agent pins): label children, registration, the
 * {@link BoundedSeries} lookup and the scrape endpoint work as they did; only the child and
 * {@link #collect()} are ours.
 */
public final class StripedCounter extends SimpleCollector<StripedCounter.Child>
    implements Collector.Describable {

  private StripedCounter(Builder builder) {
    super(builder);
  }

  /** A builder for the family {@code name}, with its help text; then labelNames, create. */
  public static Builder build(String name, String help) {
    return new Builder().name(name).help(help);
  }

  @Override
  protected Child newChild() {
    return new Child();
  }

  @Override
  public List<MetricFamilySamples> collect() {
    List<MetricFamilySamples.Sample> samples =
        new ArrayList<MetricFamilySamples.Sample>(children.size() * 2);
    for (Map.Entry<List<String>, Child> entry : children.entrySet()) {
      Child child = entry.getValue();
      samples.add(new MetricFamilySamples.Sample(fullname + "_total", labelNames, entry.getKey(),
          child.get()));
      if (CreatedSeries.INCLUDED) {
        samples.add(new MetricFamilySamples.Sample(fullname + "_created", labelNames,
            entry.getKey(), child.createdMillis / 1000.0));
      }
    }
    return familySamplesList(Type.COUNTER, samples);
  }

  /** The names the registry checks for clashes: the same as simpleclient's counter. */
  @Override
  public List<MetricFamilySamples> describe() {
    return Collections.<MetricFamilySamples>singletonList(
        new CounterMetricFamily(fullname, help, labelNames));
  }

  /** The sum over every child: exact when no increment races with the read. */
  public long total() {
    long total = 0;
    for (Child child : children.values()) {
      total += child.get();
    }
    return total;
  }

  /** Configures a {@link StripedCounter}: name, help, label names, as simpleclient's builders. */
  public static final class Builder extends SimpleCollector.Builder<Builder, StripedCounter> {

    /**
     * The family name without a {@code _total} suffix: simpleclient's counter drops it here and
     * adds it to the sample, and so must we, or the sample would be {@code x_total_total}.
     */
    @Override
    public Builder name(String name) {
      return super.name(name.endsWith("_total")
          ? name.substring(0, name.length() - "_total".length()) : name);
    }

    @Override
    public StripedCounter create() {
      return new StripedCounter(this);
    }
  }

  /** One label set's count. Lock-free and allocation-free. */
  public static final class Child {

    private final LongAdder count = new LongAdder();
    /** When the child was made: simpleclient's {@code _created} value. */
    final long createdMillis = System.currentTimeMillis();

    Child() {}

    /** Adds one. */
    public void inc() {
      count.increment();
    }

    /** Adds {@code amount}; a counter only goes up, as simpleclient's. */
    public void inc(long amount) {
      if (amount < 0) {
        throw new IllegalArgumentException("Amount to increment must be non-negative.");
      }
      count.add(amount);
    }

    /** The count so far: exact when no increment races with the read. */
    public long get() {
      return count.sum();
    }
  }
}

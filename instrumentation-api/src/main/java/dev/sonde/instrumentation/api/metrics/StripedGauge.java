package dev.sonde.instrumentation.api.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import io.prometheus.client.SimpleCollector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A gauge family of whole numbers, scraped exactly as simpleclient's {@code Gauge} is (one
 * sample per child, named as the family). For the same reason as {@link StripedCounter}, its
 * children do not use simpleclient's {@code DoubleAdder}, whose stripe lookup goes through a
 * {@code ThreadLocal}.
 *
 * <p>The value is {@code base + delta}: {@link Child#inc()} and {@link Child#dec()} add to a
 * {@link LongAdder} ({@code delta}), the way in-flight requests and open connections move, on
 * many threads at once; {@link Child#set} writes {@code base} so that the sum becomes the value
 * given, the way the last reported queue depth is kept. A gauge that is only set is exactly its
 * last value (a volatile write wins, {@code delta} stays 0); one that only moves by inc and dec is
 * exactly its sum. A set racing with inc or dec on the same child may land the value off by the
 * racing steps; the agent's gauges do one or the other, never both.
 */
public final class StripedGauge extends SimpleCollector<StripedGauge.Child>
    implements Collector.Describable {

  private StripedGauge(Builder builder) {
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
        new ArrayList<MetricFamilySamples.Sample>(children.size());
    for (Map.Entry<List<String>, Child> entry : children.entrySet()) {
      samples.add(new MetricFamilySamples.Sample(fullname, labelNames, entry.getKey(),
          entry.getValue().get()));
    }
    return familySamplesList(Type.GAUGE, samples);
  }

  /** The names the registry checks for clashes: the same as simpleclient's gauge. */
  @Override
  public List<MetricFamilySamples> describe() {
    return Collections.<MetricFamilySamples>singletonList(
        new GaugeMetricFamily(fullname, help, labelNames));
  }

  /** Configures a {@link StripedGauge}: name, help, label names, as simpleclient's builders. */
  public static final class Builder extends SimpleCollector.Builder<Builder, StripedGauge> {
    @Override
    public StripedGauge create() {
      return new StripedGauge(this);
    }
  }

  /** One label set's value. Lock-free and allocation-free. */
  public static final class Child {

    private final LongAdder delta = new LongAdder();
    private volatile long base;

    Child() {}

    /** Adds one. */
    public void inc() {
      delta.increment();
    }

    /** Takes one away. */
    public void dec() {
      delta.decrement();
    }

    /** Makes the value {@code value}: for gauges that are set, not moved by inc and dec. */
    public void set(long value) {
      base = value - delta.sum();
    }

    /** The value now. */
    public long get() {
      return base + delta.sum();
    }
  }
}

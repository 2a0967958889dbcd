package dev.sonde.instrumentation.api.metrics;

import io.prometheus.client.SimpleCollector;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The children of one labelled metric, looked up without allocating and capped in number.
 *
 * <p>simpleclient's own {@code labels(...)} builds a list per call; on the hot path we instead
 * walk one small map per label, keyed by the label value itself. Past {@code maxSeries} distinct
 * label sets, new ones are all recorded in one overflow series whose labels are {@code _other},
 * and {@code sonde_series_overflow_total{metric}} counts each such recording.
 *
 * @param <C> the child type of the metric family
 */
public final class BoundedSeries<C> {

  /** Label value of the series that absorbs label sets beyond the cap. */
  public static final String OVERFLOW = "_other";

  private final SimpleCollector<C> family;
  private final int arity;
  private final int maxSeries;
  private final StripedCounter.Child overflowCount;
  private final AtomicInteger size = new AtomicInteger();
  private final ConcurrentHashMap<String, Object> root = new ConcurrentHashMap<String, Object>();
  private volatile C overflow;

  BoundedSeries(SimpleCollector<C> family, int arity, int maxSeries,
      StripedCounter.Child overflowCount) {
    this.family = family;
    this.arity = arity;
    this.maxSeries = maxSeries;
    this.overflowCount = overflowCount;
  }

  @SuppressWarnings("unchecked")
  public C get(String a) {
    C child = (C) root.get(nonNull(a));
    return child != null ? child : create(a);
  }

  @SuppressWarnings("unchecked")
  public C get(String a, String b) {
    Object level = root.get(nonNull(a));
    if (level != null) {
      C child = (C) ((ConcurrentHashMap<String, Object>) level).get(nonNull(b));
      if (child != null) {
        return child;
      }
    }
    return create(a, b);
  }

  @SuppressWarnings("unchecked")
  public C get(String a, String b, String c) {
    Object level = root.get(nonNull(a));
    if (level != null) {
      level = ((ConcurrentHashMap<String, Object>) level).get(nonNull(b));
      if (level != null) {
        C child = (C) ((ConcurrentHashMap<String, Object>) level).get(nonNull(c));
        if (child != null) {
          return child;
        }
      }
    }
    return create(a, b, c);
  }

  /** The slow path: a label set seen for the first time (or beyond the cap). */
  @SuppressWarnings("unchecked")
  private C create(String... labels) {
    if (labels.length != arity) {
      throw new IllegalArgumentException("expected " + arity + " labels");
    }
    ConcurrentHashMap<String, Object> map = root;
    for (int i = 0; i < labels.length - 1; i++) {
      Object next = map.get(nonNull(labels[i]));
      if (next == null) {
        if (size.get() >= maxSeries) {
          return overflow();
        }
        ConcurrentHashMap<String, Object> created = new ConcurrentHashMap<String, Object>();
        next = map.putIfAbsent(nonNull(labels[i]), created);
        next = next == null ? created : next;
      }
      map = (ConcurrentHashMap<String, Object>) next;
    }
    String last = nonNull(labels[labels.length - 1]);
    Object existing = map.get(last);
    if (existing != null) {
      return (C) existing;
    }
    // The cap is checked before insertion; racing threads may pass it by a few series.
    if (size.get() >= maxSeries) {
      return overflow();
    }
    String[] values = new String[labels.length];
    for (int i = 0; i < labels.length; i++) {
      values[i] = nonNull(labels[i]);
    }
    C child = family.labels(values);
    existing = map.putIfAbsent(last, child);
    if (existing != null) {
      return (C) existing;
    }
    size.incrementAndGet();
    return child;
  }

  private C overflow() {
    overflowCount.inc();
    C child = overflow;
    if (child == null) {
      String[] values = new String[arity];
      java.util.Arrays.fill(values, OVERFLOW);
      child = family.labels(values);
      overflow = child;
    }
    return child;
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }
}

package dev.sonde.agent.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A span's attributes: one array of key, value, key, value... in the order the keys were first
 * set (one array header, not two, per span), written by its
 * builder and then by the span (one writer at a time, see {@link CompactSpan}), and read as
 * {@link Attributes} by the exporter once the span ended, with no copy. Past
 * {@link #MAX_ATTRIBUTES} (the SDK's default limit) new keys are counted, not kept.
 */
final class SpanAttributes implements Attributes {

  static final int MAX_ATTRIBUTES = 128;
  /**
   * Room for what the agent's spans carry before the array grows: a server span sets 11 (12 with
   * a query string), a JDBC span 8.
   */
  private static final int INITIAL_CAPACITY = 12;

  /** Key {@code i} at {@code 2 * i}, its value at {@code 2 * i + 1}. */
  private Object[] entries = new Object[2 * INITIAL_CAPACITY];
  private int size;
  private int added;

  /** Sets {@code key}: a key already set (by name) takes the new value in its place. */
  void put(AttributeKey<?> key, Object value) {
    String name = key.getKey();
    int hash = name.hashCode();
    for (int i = 0; i < size; i++) {
      // A put usually sets a new key, so it is compared with every key before it. Names are
      // compared by identity (the recorders' keys are constants), then by their cached hash:
      // equals() would read both names' bytes for every pair.
      String other = key(i).getKey();
      if (other == name || (other.hashCode() == hash && other.equals(name))) {
        entries[2 * i] = key;
        entries[2 * i + 1] = value;
        return;
      }
    }
    added++;
    if (size == MAX_ATTRIBUTES) {
      return;
    }
    if (2 * size == entries.length) {
      entries = Arrays.copyOf(entries, 2 * Math.min(size * 2, MAX_ATTRIBUTES));
    }
    entries[2 * size] = key;
    entries[2 * size + 1] = value;
    size++;
  }

  private AttributeKey<?> key(int i) {
    return (AttributeKey<?>) entries[2 * i];
  }

  /** Keys ever set, those beyond the limit included: the exporter's total attribute count. */
  int totalAdded() {
    return added;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(AttributeKey<T> key) {
    for (int i = 0; i < size; i++) {
      AttributeKey<?> other = key(i);
      if (other.getKey().equals(key.getKey()) && other.getType() == key.getType()) {
        return (T) entries[2 * i + 1];
      }
    }
    return null;
  }

  @Override
  public void forEach(BiConsumer<? super AttributeKey<?>, ? super Object> consumer) {
    for (int i = 0; i < size; i++) {
      consumer.accept(key(i), entries[2 * i + 1]);
    }
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public Map<AttributeKey<?>, Object> asMap() {
    Map<AttributeKey<?>, Object> map = new LinkedHashMap<AttributeKey<?>, Object>();
    for (int i = 0; i < size; i++) {
      map.put(key(i), entries[2 * i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public AttributesBuilder toBuilder() {
    AttributesBuilder builder = Attributes.builder();
    for (int i = 0; i < size; i++) {
      builder.put((AttributeKey) key(i), entries[2 * i + 1]);
    }
    return builder;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Attributes && asMap().equals(((Attributes) other).asMap());
  }

  @Override
  public int hashCode() {
    return asMap().hashCode();
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}

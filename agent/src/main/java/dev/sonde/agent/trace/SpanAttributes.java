package dev.sonde.agent.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * An ended span's attributes as the exporter reads them: a read-only view of its arrays, in the
 * order they were first set, with no copy. Only the export thread makes one, after the span
 * ended; the span no longer changes.
 */
final class SpanAttributes implements Attributes {

  private final AttributeKey<?>[] keys;
  private final Object[] values;
  private final int size;

  SpanAttributes(AttributeKey<?>[] keys, Object[] values, int size) {
    this.keys = keys;
    this.values = values;
    this.size = size;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(AttributeKey<T> key) {
    for (int i = 0; i < size; i++) {
      if (keys[i].getKey().equals(key.getKey()) && keys[i].getType() == key.getType()) {
        return (T) values[i];
      }
    }
    return null;
  }

  @Override
  public void forEach(BiConsumer<? super AttributeKey<?>, ? super Object> consumer) {
    for (int i = 0; i < size; i++) {
      consumer.accept(keys[i], values[i]);
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
      map.put(keys[i], values[i]);
    }
    return Collections.unmodifiableMap(map);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public AttributesBuilder toBuilder() {
    AttributesBuilder builder = Attributes.builder();
    for (int i = 0; i < size; i++) {
      builder.put((AttributeKey) keys[i], values[i]);
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

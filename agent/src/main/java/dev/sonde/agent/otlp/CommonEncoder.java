package dev.sonde.agent.otlp;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.internal.InternalAttributeKeyImpl;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * What every OTLP request shares, whatever its signal: the {@code Resource}, the
 * {@code InstrumentationScope}, attributes ({@code KeyValue}) and their values ({@code AnyValue}),
 * written into the signal encoder's {@link ProtoWriter}. Field numbers are those of
 * {@code opentelemetry/proto/common/v1} and {@code resource/v1}.
 *
 * <p>Not thread-safe: it belongs to one signal encoder.
 */
final class CommonEncoder {

  // Resource, InstrumentationScope
  private static final int RESOURCE_ATTRIBUTES = 1;
  private static final int SCOPE_NAME = 1;
  private static final int SCOPE_VERSION = 2;
  private static final int SCOPE_ATTRIBUTES = 3;
  // KeyValue, AnyValue, ArrayValue
  private static final int KEY_VALUE_KEY = 1;
  private static final int KEY_VALUE_VALUE = 2;
  private static final int ANY_STRING = 1;
  private static final int ANY_BOOL = 2;
  private static final int ANY_INT = 3;
  private static final int ANY_DOUBLE = 4;
  private static final int ANY_ARRAY = 5;
  private static final int ARRAY_VALUES = 1;

  private final ProtoWriter out;
  private final AttributeWriter attributeWriter = new AttributeWriter();

  CommonEncoder(ProtoWriter out) {
    this.out = out;
  }

  /** {@code resource} as the {@code Resource} message in {@code field}. */
  void resource(int field, Resource resource) {
    int message = out.begin(field);
    attributes(RESOURCE_ATTRIBUTES, resource.getAttributes());
    out.end(message);
  }

  /** {@code scope} as the {@code InstrumentationScope} message in {@code field}. */
  void scope(int field, InstrumentationScopeInfo scope) {
    int message = out.begin(field);
    if (!scope.getName().isEmpty()) {
      out.string(SCOPE_NAME, scope.getName());
    }
    if (scope.getVersion() != null && !scope.getVersion().isEmpty()) {
      out.string(SCOPE_VERSION, scope.getVersion());
    }
    attributes(SCOPE_ATTRIBUTES, scope.getAttributes());
    out.end(message);
  }

  /** Each attribute as a repeated {@code KeyValue} field {@code field}. */
  void attributes(int field, Attributes attributes) {
    if (!attributes.isEmpty()) {
      attributeWriter.field = field;
      attributes.forEach(attributeWriter);
    }
  }

  /**
   * {@code value} as the {@code AnyValue} message in {@code field}: a string, long, boolean,
   * double or a list of them; anything else as its string.
   */
  void anyValue(int field, Object value) {
    int message = out.begin(field);
    value(value);
    out.end(message);
  }

  private void value(Object value) {
    if (value instanceof Value) {
      // A log body's elements: the API's values, read for what they hold.
      value(((Value<?>) value).getValue());
    } else if (value instanceof String) {
      out.string(ANY_STRING, (String) value);
    } else if (value instanceof Long) {
      out.uint64(ANY_INT, (Long) value);
    } else if (value instanceof Boolean) {
      out.bool(ANY_BOOL, (Boolean) value);
    } else if (value instanceof Double) {
      out.double64(ANY_DOUBLE, (Double) value);
    } else if (value instanceof List) {
      int array = out.begin(ANY_ARRAY);
      for (Object element : (List<?>) value) {
        anyValue(ARRAY_VALUES, element);
      }
      out.end(array);
    } else if (value != null) {
      out.string(ANY_STRING, value.toString());
    }
  }

  /** Writes each attribute as a repeated {@code KeyValue} field; a field, to spare a lambda. */
  private final class AttributeWriter implements BiConsumer<AttributeKey<?>, Object> {
    int field;

    @Override
    public void accept(AttributeKey<?> key, Object value) {
      int keyValue = out.begin(field);
      if (key instanceof InternalAttributeKeyImpl) {
        // The API's own keys (every key the recorders use) keep their UTF-8 bytes: copied, not
        // encoded char by char for every span.
        out.bytes(KEY_VALUE_KEY, ((InternalAttributeKeyImpl<?>) key).getKeyUtf8());
      } else {
        out.string(KEY_VALUE_KEY, key.getKey());
      }
      anyValue(KEY_VALUE_VALUE, value);
      out.end(keyValue);
    }
  }
}

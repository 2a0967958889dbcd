package dev.sonde.smoke.harness;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A span as the OTLP receiver got it, with the attributes of the resource it came with. Ids are
 * lower-case hex; attribute values are String, Long, Double, Boolean, List or Map.
 */
public record ReceivedSpan(Map<String, Object> resource, String scopeName, Span proto) {

  public String name() {
    return proto.getName();
  }

  public String traceId() {
    return hex(proto.getTraceId().toByteArray());
  }

  public String spanId() {
    return hex(proto.getSpanId().toByteArray());
  }

  /** Empty for a root span. */
  public String parentSpanId() {
    return hex(proto.getParentSpanId().toByteArray());
  }

  public Span.SpanKind kind() {
    return proto.getKind();
  }

  public Status.StatusCode statusCode() {
    return proto.getStatus().getCode();
  }

  public Duration duration() {
    return Duration.ofNanos(proto.getEndTimeUnixNano() - proto.getStartTimeUnixNano());
  }

  public Map<String, Object> attributes() {
    return toMap(proto.getAttributesList());
  }

  /** The span's events, each as its name and attributes. */
  public List<Event> events() {
    return proto.getEventsList().stream()
        .map(e -> new Event(e.getName(), toMap(e.getAttributesList())))
        .collect(Collectors.toList());
  }

  /** A span event. */
  public record Event(String name, Map<String, Object> attributes) {}

  static Map<String, Object> toMap(List<KeyValue> keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue kv : keyValues) {
      map.put(kv.getKey(), toJava(kv.getValue()));
    }
    return map;
  }

  static Object toJava(AnyValue value) {
    switch (value.getValueCase()) {
      case STRING_VALUE:
        return value.getStringValue();
      case BOOL_VALUE:
        return value.getBoolValue();
      case INT_VALUE:
        return value.getIntValue();
      case DOUBLE_VALUE:
        return value.getDoubleValue();
      case ARRAY_VALUE:
        return value.getArrayValue().getValuesList().stream()
            .map(ReceivedSpan::toJava).collect(Collectors.toList());
      case KVLIST_VALUE:
        return toMap(value.getKvlistValue().getValuesList());
      case BYTES_VALUE:
        return value.getBytesValue().toByteArray();
      default:
        return null;
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public String toString() {
    return "span '" + name() + "' " + kind() + " trace=" + traceId() + " id=" + spanId()
        + " parent=" + parentSpanId() + " status=" + statusCode() + " " + attributes();
  }
}

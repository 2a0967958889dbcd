package dev.sonde.smoke.harness;

import io.opentelemetry.proto.logs.v1.LogRecord;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * A log record as the OTLP receiver got it, with the attributes of the resource it came with and
 * the name of its instrumentation scope (the logger name, as the agent ships them). Ids are
 * lower-case hex, empty when the record has none.
 */
public record ReceivedLogRecord(Map<String, Object> resource, String scopeName, LogRecord proto) {

  public String traceId() {
    return HexFormat.of().formatHex(proto.getTraceId().toByteArray());
  }

  public String spanId() {
    return HexFormat.of().formatHex(proto.getSpanId().toByteArray());
  }

  /** The OpenTelemetry severity number: 9 INFO, 13 WARN, 17 ERROR. */
  public int severityNumber() {
    return proto.getSeverityNumberValue();
  }

  public String severityText() {
    return proto.getSeverityText();
  }

  /** The body as a string; empty when it has none. */
  public String body() {
    return proto.getBody().getStringValue();
  }

  public Instant time() {
    long nanos = proto.getTimeUnixNano();
    return Instant.ofEpochSecond(0, nanos);
  }

  public Map<String, Object> attributes() {
    return ReceivedSpan.toMap(proto.getAttributesList());
  }

  @Override
  public String toString() {
    return "log record '" + body() + "' " + severityText() + "(" + severityNumber() + ") logger="
        + scopeName + " trace=" + traceId() + " span=" + spanId() + " " + attributes();
  }
}

package dev.sonde.agent.trace;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;

/**
 * A span context that holds its ids as longs and writes their hex form only when someone asks
 * (a log line, an outgoing {@code traceparent}, the exporter), once. The API's own context is
 * built from hex strings, which every span would otherwise pay for, recorded or not.
 *
 * <p>Immutable but for the two cached strings; racing threads may both write a cache, with equal
 * values.
 */
final class IdSpanContext implements SpanContext, NumericIds {

  private final long traceHigh;
  private final long traceLow;
  private final long spanId;
  private final TraceFlags flags;
  private final TraceState state;
  private String traceIdHex;
  private String spanIdHex;

  private IdSpanContext(long traceHigh, long traceLow, String traceIdHex, long spanId,
      TraceFlags flags, TraceState state) {
    this.traceHigh = traceHigh;
    this.traceLow = traceLow;
    this.traceIdHex = traceIdHex;
    this.spanId = spanId;
    this.flags = flags;
    this.state = state;
  }

  /** The first span of a new trace. */
  static IdSpanContext root(long traceHigh, long traceLow, boolean sampled) {
    return new IdSpanContext(traceHigh, traceLow, null, SpanIds.nonZero(),
        sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
  }

  /** A new span in {@code parent}'s trace (a valid context, local or remote). */
  static IdSpanContext childOf(SpanContext parent, boolean sampled) {
    TraceFlags flags = sampled ? TraceFlags.getSampled() : TraceFlags.getDefault();
    if (parent instanceof IdSpanContext) {
      IdSpanContext local = (IdSpanContext) parent;
      return new IdSpanContext(local.traceHigh, local.traceLow, local.traceIdHex,
          SpanIds.nonZero(), flags, local.state);
    }
    // A remote parent (a traceparent header): its id is already hex, and valid.
    String traceId = parent.getTraceId();
    return new IdSpanContext(SpanIds.parse(traceId, 0), SpanIds.parse(traceId, 16), traceId,
        SpanIds.nonZero(), flags, parent.getTraceState());
  }

  /** The trace id's lower half: the part ratio sampling looks at, as the SDK's sampler does. */
  long traceLow() {
    return traceLow;
  }

  @Override
  public String getTraceId() {
    String hex = traceIdHex;
    if (hex == null) {
      hex = SpanIds.hex(traceHigh, traceLow);
      traceIdHex = hex;
    }
    return hex;
  }

  @Override
  public String getSpanId() {
    String hex = spanIdHex;
    if (hex == null) {
      hex = SpanIds.hex(spanId);
      spanIdHex = hex;
    }
    return hex;
  }

  @Override
  public long traceIdHigh() {
    return traceHigh;
  }

  @Override
  public long traceIdLow() {
    return traceLow;
  }

  @Override
  public long spanIdValue() {
    return spanId;
  }

  @Override
  public byte[] getTraceIdBytes() {
    byte[] bytes = new byte[16];
    SpanIds.bytes(traceHigh, bytes, 0);
    SpanIds.bytes(traceLow, bytes, 8);
    return bytes;
  }

  @Override
  public byte[] getSpanIdBytes() {
    byte[] bytes = new byte[8];
    SpanIds.bytes(spanId, bytes, 0);
    return bytes;
  }

  @Override
  public TraceFlags getTraceFlags() {
    return flags;
  }

  @Override
  public TraceState getTraceState() {
    return state;
  }

  @Override
  public boolean isValid() {
    // Both ids are made non-zero, or parsed from a remote context that was valid.
    return true;
  }

  @Override
  public boolean isRemote() {
    return false;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof IdSpanContext)) {
      return false;
    }
    IdSpanContext that = (IdSpanContext) other;
    return traceHigh == that.traceHigh && traceLow == that.traceLow && spanId == that.spanId
        && flags.equals(that.flags) && state.equals(that.state);
  }

  @Override
  public int hashCode() {
    return (int) (traceLow ^ spanId);
  }

  @Override
  public String toString() {
    return "SpanContext{traceId=" + getTraceId() + ", spanId=" + getSpanId() + ", traceFlags="
        + flags + ", traceState=" + state + ", remote=false}";
  }
}

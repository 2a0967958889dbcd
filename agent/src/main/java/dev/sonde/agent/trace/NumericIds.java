package dev.sonde.agent.trace;

/**
 * A span context whose ids are numbers (the agent's own, {@link IdSpanContext}): the span encoder
 * writes them straight into the message, where {@code getTraceIdBytes()} and
 * {@code getSpanIdBytes()} would make two arrays per id for every span exported.
 */
public interface NumericIds {

  /** The trace id's first 8 bytes, big-endian. */
  long traceIdHigh();

  /** The trace id's last 8 bytes, big-endian. */
  long traceIdLow();

  /** The span id's 8 bytes, big-endian. */
  long spanIdValue();
}

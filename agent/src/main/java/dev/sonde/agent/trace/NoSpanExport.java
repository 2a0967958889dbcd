package dev.sonde.agent.trace;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * The span processor of {@code sonde.traces.exporter=none}: does nothing. It must exist all the
 * same: an SDK with no processor at all (or only the SDK's own no-op one) hands out invalid,
 * all-zero span contexts, and log lines would correlate on zeros instead of real trace ids.
 */
final class NoSpanExport implements SpanProcessor {

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {}

  @Override
  public boolean isEndRequired() {
    return false;
  }
}

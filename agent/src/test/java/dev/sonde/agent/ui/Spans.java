package dev.sonde.agent.ui;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.Locale;

/** Ended spans as the tests need them: ids from numbers, times in milliseconds. */
final class Spans {

  private Spans() {}

  static String traceId(int trace) {
    return String.format(Locale.ROOT, "%032x", trace);
  }

  static String spanId(int span) {
    return String.format(Locale.ROOT, "%016x", span);
  }

  static SpanContext context(int trace, int span, boolean remote) {
    return remote
        ? SpanContext.createFromRemoteParent(traceId(trace), spanId(span), TraceFlags.getSampled(),
            TraceState.getDefault())
        : SpanContext.create(traceId(trace), spanId(span), TraceFlags.getSampled(),
            TraceState.getDefault());
  }

  /** A local root (no parent) of {@code trace}, span id 1. */
  static SpanData root(int trace, String name, long startMillis, long durationMillis,
      boolean error, Attributes attributes) {
    return span(trace, 1, 0, SpanKind.SERVER, name, startMillis, durationMillis, error,
        attributes);
  }

  /** @param parent the parent's span id in the same trace, 0 for none */
  static SpanData span(int trace, int span, int parent, SpanKind kind, String name,
      long startMillis, long durationMillis, boolean error, Attributes attributes) {
    TestSpanData.Builder builder = TestSpanData.builder().setHasEnded(true)
        .setSpanContext(context(trace, span, false)).setKind(kind).setName(name)
        .setStartEpochNanos(startMillis * 1_000_000L)
        .setEndEpochNanos((startMillis + durationMillis) * 1_000_000L)
        .setStatus(error ? StatusData.error() : StatusData.unset())
        .setAttributes(attributes).setTotalRecordedEvents(0).setTotalRecordedLinks(0)
        .setTotalAttributeCount(attributes.size());
    if (parent != 0) {
      builder.setParentSpanContext(context(trace, parent, false));
    }
    return builder.build();
  }
}

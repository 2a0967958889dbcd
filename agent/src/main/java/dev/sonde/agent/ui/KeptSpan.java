package dev.sonde.agent.ui;

import dev.sonde.instrumentation.api.trace.ExceptionTexts;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.function.BiConsumer;

/**
 * An ended span as the trace page keeps it: its ids, name, kind, times, status and attributes as
 * text, each value cut at {@value #MAX_VALUE_LENGTH} characters and at most
 * {@value #MAX_ATTRIBUTES} of them, so that a kept span's size is bounded ({@link #bytes}). Made
 * on the page's own thread, never on the application's.
 */
final class KeptSpan {

  static final int MAX_ATTRIBUTES = 64;
  static final int MAX_VALUE_LENGTH = 2048;
  /** The fields, the arrays and the objects' headers, roughly. */
  private static final int FIXED_BYTES = 160;

  final String traceId;
  final String spanId;
  /** Null for a span without a parent. */
  final String parentId;
  /** Its parent is in another process (or it has none): the root of this process's part. */
  final boolean localRoot;
  final String kind;
  final String name;
  final long startEpochNanos;
  final long durationNanos;
  final boolean error;
  /** The status description, or the exception's type and message; null when there is none. */
  final String errorText;
  final String[] keys;
  final String[] values;
  final int bytes;

  private KeptSpan(SpanData span) {
    SpanContext parent = span.getParentSpanContext();
    traceId = span.getSpanContext().getTraceId();
    spanId = span.getSpanContext().getSpanId();
    parentId = parent.isValid() ? parent.getSpanId() : null;
    localRoot = !parent.isValid() || parent.isRemote();
    kind = span.getKind().name();
    name = cut(span.getName());
    startEpochNanos = span.getStartEpochNanos();
    durationNanos = Math.max(0, span.getEndEpochNanos() - span.getStartEpochNanos());
    error = span.getStatus().getStatusCode() == StatusCode.ERROR;
    errorText = error ? errorText(span) : null;
    Attributes attributes = span.getAttributes();
    final int count = Math.min(attributes.size(), MAX_ATTRIBUTES);
    keys = new String[count];
    values = new String[count];
    final int[] filled = new int[1];
    // forEach, not asMap(): the agent's spans would build a map for it.
    attributes.forEach(new BiConsumer<AttributeKey<?>, Object>() {
      @Override
      public void accept(AttributeKey<?> key, Object value) {
        int i = filled[0];
        if (i < count) {
          keys[i] = cut(key.getKey());
          values[i] = cut(String.valueOf(value));
          filled[0] = i + 1;
        }
      }
    });
    int size = FIXED_BYTES + 2 * (name.length() + (errorText == null ? 0 : errorText.length()));
    for (int i = 0; i < count; i++) {
      // The keys are the recorders' constants, shared; counted anyway, as the upper bound.
      size += 2 * (keys[i].length() + values[i].length()) + 48;
    }
    bytes = size;
  }

  static KeptSpan of(SpanData span) {
    return new KeptSpan(span);
  }

  private static String errorText(SpanData span) {
    String description = span.getStatus().getDescription();
    if (description != null && !description.isEmpty()) {
      return cut(description);
    }
    for (EventData event : span.getEvents()) {
      if (event.getName().equals("exception")) {
        String type = event.getAttributes().get(ExceptionTexts.TYPE);
        String message = event.getAttributes().get(ExceptionTexts.MESSAGE);
        return cut((type == null ? "" : type) + (message == null ? "" : ": " + message));
      }
    }
    return null;
  }

  private static String cut(String text) {
    return text.length() <= MAX_VALUE_LENGTH ? text : text.substring(0, MAX_VALUE_LENGTH) + "…";
  }
}

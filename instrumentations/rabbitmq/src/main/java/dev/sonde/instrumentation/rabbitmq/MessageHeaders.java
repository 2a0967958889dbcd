package dev.sonde.instrumentation.rabbitmq;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The W3C trace context in AMQP message headers: written into the headers of published messages,
 * read from the headers of delivered ones.
 *
 * <p>Header values arrive as amqp-client decoded them: a {@code LongString} (whose
 * {@code toString()} is the UTF-8 text) for strings sent by any AMQP client, a {@code String}
 * when the application built the map itself, sometimes a {@code byte[]}.
 */
final class MessageHeaders {

  static final String TRACEPARENT = "traceparent";
  static final String TRACESTATE = "tracestate";

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

  private static final TextMapSetter<Map<String, Object>> SETTER =
      new TextMapSetter<Map<String, Object>>() {
        @Override
        public void set(Map<String, Object> carrier, String key, String value) {
          if (carrier != null && !carrier.containsKey(key)) {
            carrier.put(key, value);
          }
        }
      };

  private static final TextMapGetter<Map<String, Object>> GETTER =
      new TextMapGetter<Map<String, Object>>() {
        @Override
        public Iterable<String> keys(Map<String, Object> carrier) {
          return carrier == null ? Collections.<String>emptyList() : carrier.keySet();
        }

        @Override
        public String get(Map<String, Object> carrier, String key) {
          return carrier == null ? null : text(carrier.get(key));
        }
      };

  private MessageHeaders() {}

  /**
   * The headers to publish with the trace context of {@code context}: a new map with every
   * header of {@code appHeaders} (which is never changed; it may be null or immutable) plus
   * {@code traceparent} and {@code tracestate}. Null when nothing is to change: no valid span in
   * {@code context}, or the application set {@code traceparent} itself (its own context wins, and
   * is not mixed with ours).
   */
  static Map<String, Object> inject(Map<String, Object> appHeaders, Context context) {
    if (!Span.fromContext(context).getSpanContext().isValid()) {
      return null;
    }
    Map<String, Object> headers;
    if (appHeaders == null || appHeaders.isEmpty()) {
      headers = new HashMap<String, Object>(4);
    } else {
      if (appHeaders.containsKey(TRACEPARENT)) {
        return null;
      }
      headers = new HashMap<String, Object>((appHeaders.size() + 2) * 4 / 3 + 1);
      headers.putAll(appHeaders);
    }
    W3C.inject(context, headers, SETTER);
    return headers.containsKey(TRACEPARENT) ? headers : null;
  }

  /**
   * The remote parent carried by {@code headers} on top of {@code base}, or {@code base} itself
   * when they carry none (or one that does not parse).
   */
  static Context extract(Context base, Map<String, Object> headers) {
    if (headers == null || headers.get(TRACEPARENT) == null) {
      return base;
    }
    return W3C.extract(base, headers, GETTER);
  }

  /** A header value as text: a {@code LongString} or other object by its {@code toString()}. */
  static String text(Object value) {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    if (value instanceof byte[]) {
      return new String((byte[]) value, StandardCharsets.UTF_8);
    }
    return value.toString();
  }
}

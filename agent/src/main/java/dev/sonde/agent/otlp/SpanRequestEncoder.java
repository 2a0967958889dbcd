package dev.sonde.agent.otlp;

import dev.sonde.agent.trace.NumericIds;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * OTLP's {@code ExportTraceServiceRequest}, straight into bytes: a batch of ended spans under the
 * service's resource and the agent's scope, in one pass into one reused buffer, on the export
 * thread. The SDK's marshaler first builds an object per span, attribute and string and measures
 * every string's UTF-8 size, then writes. Field numbers are those of
 * {@code opentelemetry/proto/trace/v1}.
 *
 * <p>Not thread-safe: the export thread owns the instance, and reuses its buffer.
 */
public final class SpanRequestEncoder {

  // ExportTraceServiceRequest, ResourceSpans, ScopeSpans
  private static final int REQUEST_RESOURCE_SPANS = 1;
  private static final int RESOURCE_SPANS_RESOURCE = 1;
  private static final int RESOURCE_SPANS_SCOPE_SPANS = 2;
  private static final int RESOURCE_SPANS_SCHEMA_URL = 3;
  private static final int SCOPE_SPANS_SCOPE = 1;
  private static final int SCOPE_SPANS_SPANS = 2;
  private static final int SCOPE_SPANS_SCHEMA_URL = 3;
  // Span
  private static final int SPAN_TRACE_ID = 1;
  private static final int SPAN_SPAN_ID = 2;
  private static final int SPAN_TRACE_STATE = 3;
  private static final int SPAN_PARENT_SPAN_ID = 4;
  private static final int SPAN_NAME = 5;
  private static final int SPAN_KIND = 6;
  private static final int SPAN_START = 7;
  private static final int SPAN_END = 8;
  private static final int SPAN_ATTRIBUTES = 9;
  private static final int SPAN_DROPPED_ATTRIBUTES = 10;
  private static final int SPAN_EVENTS = 11;
  private static final int SPAN_DROPPED_EVENTS = 12;
  private static final int SPAN_STATUS = 15;
  private static final int SPAN_FLAGS = 16;
  // Event, Status
  private static final int EVENT_TIME = 1;
  private static final int EVENT_NAME = 2;
  private static final int EVENT_ATTRIBUTES = 3;
  private static final int STATUS_MESSAGE = 2;
  private static final int STATUS_CODE = 3;

  /** Span flags: the parent's "is remote" is known, and it is. */
  private static final int FLAG_HAS_IS_REMOTE = 0x100;
  private static final int FLAG_IS_REMOTE = 0x200;

  private final ProtoWriter out;
  private final CommonEncoder common;

  /** For requests: room for a batch of 512 ordinary spans before the buffer grows. */
  public SpanRequestEncoder() {
    this(256 * 1024, 4 << 20);
  }

  /**
   * @param maxKept above this size the buffer is given back after use: a batch of huge spans
   *     does not keep a huge buffer
   */
  SpanRequestEncoder(int initialCapacity, int maxKept) {
    out = new ProtoWriter(initialCapacity, maxKept);
    common = new CommonEncoder(out);
  }

  /**
   * The request for a batch of ended spans, all of {@code resource} and {@code scope}. A span
   * whose encoding fails (an attribute value whose {@code toString} throws) is left out, the
   * others are sent.
   *
   * @return its size: the first that many bytes of {@link #bytes()}
   */
  public int request(Resource resource, InstrumentationScopeInfo scope,
      List<? extends SpanData> spans) {
    out.reset();
    if (spans.isEmpty()) {
      return 0;
    }
    int resourceSpans = out.begin(REQUEST_RESOURCE_SPANS);
    common.resource(RESOURCE_SPANS_RESOURCE, resource);
    int scopeSpans = out.begin(RESOURCE_SPANS_SCOPE_SPANS);
    common.scope(SCOPE_SPANS_SCOPE, scope);
    for (int i = 0; i < spans.size(); i++) {
      int mark = out.size();
      try {
        writeSpan(spans.get(i));
      } catch (RuntimeException e) {
        out.truncate(mark);
      }
    }
    if (scope.getSchemaUrl() != null) {
      out.string(SCOPE_SPANS_SCHEMA_URL, scope.getSchemaUrl());
    }
    out.end(scopeSpans);
    if (resource.getSchemaUrl() != null) {
      out.string(RESOURCE_SPANS_SCHEMA_URL, resource.getSchemaUrl());
    }
    out.end(resourceSpans);
    return out.size();
  }

  /** The last request encoded, at the start of this array (reused by the next). */
  byte[] bytes() {
    return out.array();
  }

  private void writeSpan(SpanData span) {
    int message = out.begin(SCOPE_SPANS_SPANS);
    SpanContext context = span.getSpanContext();
    if (context instanceof NumericIds) {
      NumericIds ids = (NumericIds) context;
      out.id(SPAN_TRACE_ID, ids.traceIdHigh(), ids.traceIdLow());
      out.id(SPAN_SPAN_ID, ids.spanIdValue());
    } else {
      out.bytes(SPAN_TRACE_ID, context.getTraceIdBytes());
      out.bytes(SPAN_SPAN_ID, context.getSpanIdBytes());
    }
    String traceState = traceState(context.getTraceState());
    if (!traceState.isEmpty()) {
      out.string(SPAN_TRACE_STATE, traceState);
    }
    SpanContext parent = span.getParentSpanContext();
    if (parent instanceof NumericIds) {
      out.id(SPAN_PARENT_SPAN_ID, ((NumericIds) parent).spanIdValue());
    } else if (parent.isValid()) {
      out.bytes(SPAN_PARENT_SPAN_ID, parent.getSpanIdBytes());
    }
    out.string(SPAN_NAME, span.getName());
    // SpanKind: INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER are 1 to 5 in the proto.
    out.uint64(SPAN_KIND, span.getKind().ordinal() + 1);
    out.fixed64(SPAN_START, span.getStartEpochNanos());
    out.fixed64(SPAN_END, span.getEndEpochNanos());
    Attributes attributes = span.getAttributes();
    common.attributes(SPAN_ATTRIBUTES, attributes);
    int droppedAttributes = span.getTotalAttributeCount() - attributes.size();
    if (droppedAttributes > 0) {
      out.uint64(SPAN_DROPPED_ATTRIBUTES, droppedAttributes);
    }
    List<EventData> events = span.getEvents();
    for (EventData event : events) {
      int eventMessage = out.begin(SPAN_EVENTS);
      out.fixed64(EVENT_TIME, event.getEpochNanos());
      out.string(EVENT_NAME, event.getName());
      common.attributes(EVENT_ATTRIBUTES, event.getAttributes());
      out.end(eventMessage);
    }
    int droppedEvents = span.getTotalRecordedEvents() - events.size();
    if (droppedEvents > 0) {
      out.uint64(SPAN_DROPPED_EVENTS, droppedEvents);
    }
    StatusData status = span.getStatus();
    int statusMessage = out.begin(SPAN_STATUS);
    if (!status.getDescription().isEmpty()) {
      out.string(STATUS_MESSAGE, status.getDescription());
    }
    // StatusCode: UNSET, OK, ERROR are 0 to 2 in the proto as in the API.
    if (status.getStatusCode().ordinal() != 0) {
      out.uint64(STATUS_CODE, status.getStatusCode().ordinal());
    }
    out.end(statusMessage);
    int flags = context.getTraceFlags().asByte() & 0xFF | FLAG_HAS_IS_REMOTE;
    if (parent.isRemote()) {
      flags |= FLAG_IS_REMOTE;
    }
    out.fixed32(SPAN_FLAGS, flags);
    out.end(message);
  }

  /** As the {@code tracestate} header writes it. */
  private static String traceState(TraceState state) {
    if (state.isEmpty()) {
      return "";
    }
    final StringBuilder header = new StringBuilder();
    state.forEach(new BiConsumer<String, String>() {
      @Override
      public void accept(String key, String value) {
        if (header.length() > 0) {
          header.append(',');
        }
        header.append(key).append('=').append(value);
      }
    });
    return header.toString();
  }
}

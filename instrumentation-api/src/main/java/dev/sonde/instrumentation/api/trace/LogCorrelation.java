package dev.sonde.instrumentation.api.trace;

import dev.sonde.bootstrap.LogCorrelationHook;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;

/**
 * The log correlation fields of the current context, as the logging advice asks for them.
 *
 * <p>Work that opens a span (a server request) stores a {@link Fields} in its context, built once
 * per span; a log event then costs one context lookup. A span without it (started by other code)
 * gets fields made on demand.
 */
public final class LogCorrelation implements LogCorrelationHook {

  public static final String TRACE_ID = "trace_id";
  public static final String SPAN_ID = "span_id";
  public static final String TRACE_FLAGS = "trace_flags";
  public static final String REQUEST_ID = "request_id";

  /** Stateless: the fields live in the context. */
  public static final LogCorrelation INSTANCE = new LogCorrelation();

  private static final ContextKey<Fields> FIELDS = ContextKey.named("sonde-log-fields");

  private LogCorrelation() {}

  @Override
  public String[] currentFields() {
    Context context = Context.current();
    Fields fields = context.get(FIELDS);
    Span span = Span.fromContextOrNull(context);
    if (fields != null && fields.span == span) {
      return fields.values();
    }
    if (span == null || !span.getSpanContext().isValid()) {
      return null;
    }
    return build(span.getSpanContext(), fields == null ? null : fields.requestId);
  }

  /** {@code context} with the fields of {@code span} (the span must also be put in it). */
  public static Context withFields(Context context, Span span, String requestId) {
    return context.with(FIELDS, new Fields(span, requestId));
  }

  static String[] build(SpanContext span, String requestId) {
    if (requestId == null) {
      return new String[] {TRACE_ID, span.getTraceId(), SPAN_ID, span.getSpanId(), TRACE_FLAGS,
          span.getTraceFlags().asHex()};
    }
    return new String[] {TRACE_ID, span.getTraceId(), SPAN_ID, span.getSpanId(), TRACE_FLAGS,
        span.getTraceFlags().asHex(), REQUEST_ID, requestId};
  }

  /** The fields of one span, built when the first log event asks. */
  static final class Fields {
    final Span span;
    final String requestId;
    private String[] values;

    Fields(Span span, String requestId) {
      this.span = span;
      this.requestId = requestId;
    }

    String[] values() {
      String[] v = values;
      if (v == null) {
        // Racing threads may both build it; the results are equal.
        v = build(span.getSpanContext(), requestId);
        values = v;
      }
      return v;
    }
  }
}

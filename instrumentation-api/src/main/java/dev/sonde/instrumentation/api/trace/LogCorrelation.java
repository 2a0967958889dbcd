package dev.sonde.instrumentation.api.trace;

import dev.sonde.bootstrap.LogCorrelationHook;
import dev.sonde.instrumentation.api.config.Config;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.Map;

/**
 * The log correlation fields of the current context, as the logging advice asks for them.
 *
 * <p>Work that opens a span (a server request) stores a {@link Fields} in its context, built once
 * per span; a log event then costs one context lookup. A span without it (started by other code)
 * gets fields made on demand.
 */
public final class LogCorrelation implements LogCorrelationHook {

  /** {@code sonde.logs.mdc.trace-id-key}: the MDC key of the trace id. */
  public static final String TRACE_ID_KEY = "sonde.logs.mdc.trace-id-key";
  /** {@code sonde.logs.mdc.span-id-key}: the MDC key of the span id. */
  public static final String SPAN_ID_KEY = "sonde.logs.mdc.span-id-key";
  /** {@code sonde.logs.mdc.trace-flags-key}: the MDC key of the trace flags. */
  public static final String TRACE_FLAGS_KEY = "sonde.logs.mdc.trace-flags-key";
  /** {@code sonde.logs.mdc.request-id-key}: the MDC key of the request id. */
  public static final String REQUEST_ID_KEY = "sonde.logs.mdc.request-id-key";

  public static final String TRACE_ID = "trace_id";
  public static final String SPAN_ID = "span_id";
  public static final String TRACE_FLAGS = "trace_flags";
  public static final String REQUEST_ID = "request_id";

  /** Stateless: the fields live in the context. */
  public static final LogCorrelation INSTANCE = new LogCorrelation();

  /**
   * The four key names, in the order trace id, span id, trace flags, request id. Set once at
   * start, before any request ({@link #configure}); shops whose log pipeline expects other names
   * ({@code trace.id}, {@code dd.trace_id}) rename them.
   */
  private static volatile String[] keys = {TRACE_ID, SPAN_ID, TRACE_FLAGS, REQUEST_ID};

  private static final ContextKey<Fields> FIELDS = ContextKey.named("sonde-log-fields");

  private LogCorrelation() {}

  @Override
  public String[] currentFields() {
    Context context = Context.current();
    Fields fields = context.get(FIELDS);
    Span span = Span.fromContextOrNull(context);
    if (span == null || !span.getSpanContext().isValid()) {
      // No trace: no fields, never a trace id of zeros.
      return null;
    }
    if (fields != null && fields.span == span) {
      return fields.values();
    }
    return build(span.getSpanContext(), fields == null ? null : fields.requestId);
  }

  @Override
  public Map<String, String> withFields(Map<String, String> mdc, String[] fields) {
    return new CorrelatedMdc(mdc, fields);
  }

  /**
   * Reads the key names from {@code config}. The agent calls it once at start and sets the result
   * as {@code Hooks.logCorrelation}, which the logging advice and the java.util.logging formatter
   * ask.
   */
  public static LogCorrelation configure(Config config) {
    keys = new String[] {key(config, TRACE_ID_KEY, TRACE_ID), key(config, SPAN_ID_KEY, SPAN_ID),
        key(config, TRACE_FLAGS_KEY, TRACE_FLAGS), key(config, REQUEST_ID_KEY, REQUEST_ID)};
    return INSTANCE;
  }

  private static String key(Config config, String setting, String defaultKey) {
    String value = config.raw(setting, null);
    if (value == null) {
      return defaultKey;
    }
    String trimmed = value.trim();
    return trimmed.isEmpty() || trimmed.indexOf(' ') >= 0
        ? config.invalid(setting, value, "a key name without spaces", defaultKey) : trimmed;
  }

  /** {@code context} with the fields of {@code span} (the span must also be put in it). */
  public static Context withFields(Context context, Span span, String requestId) {
    return context.with(FIELDS, new Fields(span, requestId));
  }

  static String[] build(SpanContext span, String requestId) {
    String[] k = keys;
    if (requestId == null) {
      return new String[] {k[0], span.getTraceId(), k[1], span.getSpanId(), k[2],
          span.getTraceFlags().asHex()};
    }
    return new String[] {k[0], span.getTraceId(), k[1], span.getSpanId(), k[2],
        span.getTraceFlags().asHex(), k[3], requestId};
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

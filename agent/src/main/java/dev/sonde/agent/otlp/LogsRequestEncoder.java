package dev.sonde.agent.otlp;

import dev.sonde.agent.trace.NumericIds;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.internal.OtelEncodingUtils;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.resources.Resource;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * OTLP's {@code ExportLogsServiceRequest}, straight into bytes: a batch of log records under the
 * service's resource, one {@code ScopeLogs} per instrumentation scope (a log record's scope is its
 * logger), records in the order of the batch within each. Resource, scope and attributes as for
 * spans ({@link CommonEncoder}). Field numbers are those of {@code opentelemetry/proto/logs/v1}.
 *
 * <p>Not thread-safe: the log export thread owns the instance, and reuses its buffer.
 */
public final class LogsRequestEncoder {

  // ExportLogsServiceRequest, ResourceLogs, ScopeLogs
  private static final int REQUEST_RESOURCE_LOGS = 1;
  private static final int RESOURCE_LOGS_RESOURCE = 1;
  private static final int RESOURCE_LOGS_SCOPE_LOGS = 2;
  private static final int RESOURCE_LOGS_SCHEMA_URL = 3;
  private static final int SCOPE_LOGS_SCOPE = 1;
  private static final int SCOPE_LOGS_LOG_RECORDS = 2;
  private static final int SCOPE_LOGS_SCHEMA_URL = 3;
  // LogRecord
  private static final int LOG_TIME = 1;
  private static final int LOG_SEVERITY_NUMBER = 2;
  private static final int LOG_SEVERITY_TEXT = 3;
  private static final int LOG_BODY = 5;
  private static final int LOG_ATTRIBUTES = 6;
  private static final int LOG_DROPPED_ATTRIBUTES = 7;
  private static final int LOG_FLAGS = 8;
  private static final int LOG_TRACE_ID = 9;
  private static final int LOG_SPAN_ID = 10;
  private static final int LOG_OBSERVED_TIME = 11;

  private final ProtoWriter out;
  private final CommonEncoder common;
  /** Per batch: the first record of each scope, and each record's next one of the same scope. */
  private final Map<InstrumentationScopeInfo, Integer> firstOfScope =
      new HashMap<InstrumentationScopeInfo, Integer>();
  private final Map<InstrumentationScopeInfo, Integer> lastOfScope =
      new HashMap<InstrumentationScopeInfo, Integer>();
  private int[] nextOfScope = new int[0];
  /** Record indexes boxed once, for the maps: no {@code Integer} per record and batch. */
  private Integer[] indexes = new Integer[0];

  /** Room for a batch of 512 ordinary records before the buffer grows. */
  public LogsRequestEncoder() {
    this(256 * 1024, 4 << 20);
  }

  /** @param maxKept above this size the buffer is given back after use (a batch of huge records) */
  LogsRequestEncoder(int initialCapacity, int maxKept) {
    out = new ProtoWriter(initialCapacity, maxKept);
    common = new CommonEncoder(out);
  }

  /**
   * The request for {@code records}, all of {@code resource}.
   *
   * @return its size: the first that many bytes of {@link #bytes()}
   */
  public int request(Resource resource, List<? extends LogRecordData> records) {
    out.reset();
    if (records.isEmpty()) {
      return 0;
    }
    int resourceLogs = out.begin(REQUEST_RESOURCE_LOGS);
    common.resource(RESOURCE_LOGS_RESOURCE, resource);
    try {
      groupByScope(records);
      for (int i = 0; i < records.size(); i++) {
        InstrumentationScopeInfo scope = records.get(i).getInstrumentationScopeInfo();
        if (firstOfScope.get(scope) == i) {
          scopeLogs(scope, records, i);
        }
      }
    } finally {
      // Even after a failed batch: the next starts from empty maps, holding no old records.
      firstOfScope.clear();
      lastOfScope.clear();
    }
    if (resource.getSchemaUrl() != null) {
      out.string(RESOURCE_LOGS_SCHEMA_URL, resource.getSchemaUrl());
    }
    out.end(resourceLogs);
    return out.size();
  }

  /** The last request encoded, at the start of this array (reused by the next). */
  byte[] bytes() {
    return out.array();
  }

  /** Links each record to the next of its scope: one pass, then one {@code ScopeLogs} each. */
  private void groupByScope(List<? extends LogRecordData> records) {
    int count = records.size();
    if (nextOfScope.length < count) {
      int capacity = Math.max(count, 2 * nextOfScope.length);
      nextOfScope = new int[capacity];
      Integer[] boxed = Arrays.copyOf(indexes, capacity);
      for (int i = indexes.length; i < capacity; i++) {
        boxed[i] = i;
      }
      indexes = boxed;
    }
    Arrays.fill(nextOfScope, 0, count, -1);
    for (int i = 0; i < count; i++) {
      InstrumentationScopeInfo scope = records.get(i).getInstrumentationScopeInfo();
      Integer last = lastOfScope.put(scope, indexes[i]);
      if (last == null) {
        firstOfScope.put(scope, indexes[i]);
      } else {
        nextOfScope[last] = i;
      }
    }
  }

  private void scopeLogs(InstrumentationScopeInfo scope, List<? extends LogRecordData> records,
      int first) {
    int scopeLogs = out.begin(RESOURCE_LOGS_SCOPE_LOGS);
    common.scope(SCOPE_LOGS_SCOPE, scope);
    for (int i = first; i >= 0; i = nextOfScope[i]) {
      logRecord(records.get(i));
    }
    if (scope.getSchemaUrl() != null) {
      out.string(SCOPE_LOGS_SCHEMA_URL, scope.getSchemaUrl());
    }
    out.end(scopeLogs);
  }

  private void logRecord(LogRecordData record) {
    int message = out.begin(SCOPE_LOGS_LOG_RECORDS);
    if (record.getTimestampEpochNanos() != 0) {
      out.fixed64(LOG_TIME, record.getTimestampEpochNanos());
    }
    Severity severity = record.getSeverity();
    if (severity.getSeverityNumber() != 0) {
      out.uint64(LOG_SEVERITY_NUMBER, severity.getSeverityNumber());
    }
    if (record.getSeverityText() != null) {
      out.string(LOG_SEVERITY_TEXT, record.getSeverityText());
    }
    Value<?> body = record.getBodyValue();
    if (body != null) {
      common.anyValue(LOG_BODY, body.getValue());
    }
    common.attributes(LOG_ATTRIBUTES, record.getAttributes());
    int droppedAttributes = record.getTotalAttributeCount() - record.getAttributes().size();
    if (droppedAttributes > 0) {
      out.uint64(LOG_DROPPED_ATTRIBUTES, droppedAttributes);
    }
    SpanContext context = record.getSpanContext();
    if (context.getTraceFlags().asByte() != 0) {
      out.fixed32(LOG_FLAGS, context.getTraceFlags().asByte() & 0xFF);
    }
    if (context instanceof NumericIds) {
      NumericIds ids = (NumericIds) context;
      out.id(LOG_TRACE_ID, ids.traceIdHigh(), ids.traceIdLow());
      out.id(LOG_SPAN_ID, ids.spanIdValue());
    } else if (context.isValid()) {
      // From the ids' hex as the context keeps them: no byte array per record.
      String traceId = context.getTraceId();
      out.id(LOG_TRACE_ID, OtelEncodingUtils.longFromBase16String(traceId, 0),
          OtelEncodingUtils.longFromBase16String(traceId, 16));
      out.id(LOG_SPAN_ID, OtelEncodingUtils.longFromBase16String(context.getSpanId(), 0));
    }
    if (record.getObservedTimestampEpochNanos() != 0) {
      out.fixed64(LOG_OBSERVED_TIME, record.getObservedTimestampEpochNanos());
    }
    out.end(message);
  }
}

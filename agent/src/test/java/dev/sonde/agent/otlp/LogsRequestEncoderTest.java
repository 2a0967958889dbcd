package dev.sonde.agent.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.exporter.internal.otlp.logs.LogsRequestMarshaler;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.logs.TestLogRecordData;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The agent's encoding of a batch of log records is the OTLP request the SDK's marshaler writes,
 * field for field: one {@code ScopeLogs} per logger, records in batch order within each.
 */
class LogsRequestEncoderTest {

  private static final Resource RESOURCE = Resource.getDefault().merge(Resource.create(
      Attributes.of(AttributeKey.stringKey("service.name"), "orders",
          AttributeKey.longKey("process.pid"), 4242L)));
  private static final SpanContext SPAN = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736",
      "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());

  private final LogsRequestEncoder encoder = new LogsRequestEncoder();

  private static LogRecordData record(String logger, String body, Severity severity,
      SpanContext span, Attributes attributes) {
    return TestLogRecordData.builder().setResource(RESOURCE)
        .setInstrumentationScopeInfo(InstrumentationScopeInfo.create(logger))
        .setTimestamp(1_700_000_000_123_000_000L, java.util.concurrent.TimeUnit.NANOSECONDS)
        .setObservedTimestamp(1_700_000_000_123_000_000L,
            java.util.concurrent.TimeUnit.NANOSECONDS)
        .setSeverity(severity).setSeverityText(severity.name()).setBody(body)
        .setSpanContext(span).setAttributes(attributes)
        .setTotalAttributeCount(attributes.size()).build();
  }

  private static ExportLogsServiceRequest sdkEncoding(List<LogRecordData> batch)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LogsRequestMarshaler.create(batch).writeBinaryTo(out);
    return sorted(ExportLogsServiceRequest.parseFrom(out.toByteArray()));
  }

  private ExportLogsServiceRequest ours(List<LogRecordData> batch) throws Exception {
    int size = encoder.request(RESOURCE, batch);
    return sorted(ExportLogsServiceRequest.parseFrom(Arrays.copyOf(encoder.bytes(), size)));
  }

  /**
   * Records by scope: the SDK groups records by scope object (one {@code ScopeLogs} per record
   * when each record has a scope object of its own, as the agent's do) and orders them as a hash
   * map does; the agent groups equal scopes, in batch order. Normalized to one {@code ScopeLogs}
   * per scope name, scopes by name, records by body (the batch order is checked on its own).
   */
  private static ExportLogsServiceRequest sorted(ExportLogsServiceRequest request) {
    ExportLogsServiceRequest.Builder builder = request.toBuilder();
    for (ResourceLogs.Builder resource : builder.getResourceLogsBuilderList()) {
      Map<String, ScopeLogs.Builder> byName = new TreeMap<>();
      for (ScopeLogs scope : resource.getScopeLogsList()) {
        byName.computeIfAbsent(scope.getScope().getName(),
            name -> scope.toBuilder().clearLogRecords()).addAllLogRecords(scope.getLogRecordsList());
      }
      resource.clearScopeLogs();
      for (ScopeLogs.Builder scope : byName.values()) {
        List<LogRecord> records = new ArrayList<>(scope.getLogRecordsList());
        records.sort(Comparator.comparing(r -> r.getBody().getStringValue()));
        resource.addScopeLogs(scope.clearLogRecords().addAllLogRecords(records));
      }
    }
    return builder.build();
  }

  @Test
  void aBatchOfEveryRecordShapeEncodesAsTheSdkEncodesIt() throws Exception {
    List<LogRecordData> batch = List.of(
        record("com.shop.Orders", "order 42 placed", Severity.INFO, SPAN,
            Attributes.of(AttributeKey.stringKey("thread.name"), "http-nio-8080-exec-1",
                AttributeKey.stringKey("request_id"), "r-1")),
        record("com.shop.Payments", "card déclinée ✓ 𝄞", Severity.ERROR, SpanContext.getInvalid(),
            Attributes.builder().put("exception.type", "java.lang.IllegalStateException")
                .put("exception.stacktrace", "java.lang.IllegalStateException\n\tat x.y(Z.java:1)"
                    .repeat(40))
                .put("attempt", 3L).put("retried", true).put("ratio", 0.25)
                .put(AttributeKey.stringArrayKey("tags"), List.of("a", "b")).build()),
        record("com.shop.Orders", "order 43 placed", Severity.WARN, SPAN, Attributes.empty()),
        record("", "no logger", Severity.DEBUG, SPAN, Attributes.empty()));

    assertThat(ours(batch)).isEqualTo(sdkEncoding(batch));
  }

  @Test
  void recordsOfOneLoggerShareOneScopeInBatchOrder() throws Exception {
    List<LogRecordData> batch = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      batch.add(record("logger" + (i % 7), "line " + i, Severity.INFO, SPAN, Attributes.empty()));
    }

    int size = encoder.request(RESOURCE, batch);
    ExportLogsServiceRequest request =
        ExportLogsServiceRequest.parseFrom(Arrays.copyOf(encoder.bytes(), size));

    assertThat(sorted(request)).isEqualTo(sdkEncoding(batch));
    assertThat(request.getResourceLogs(0).getScopeLogsList()).hasSize(7);
    assertThat(request.getResourceLogs(0).getScopeLogs(0).getLogRecordsList())
        .extracting(r -> r.getBody().getStringValue())
        .startsWith("line 0", "line 7", "line 14");
  }

  @Test
  void theBufferIsReusedAcrossBatchesAndAnEmptyBatchEncodesNothing() throws Exception {
    List<LogRecordData> big = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      big.add(record("big", "x".repeat(1000) + i, Severity.INFO, SPAN, Attributes.empty()));
    }
    List<LogRecordData> small = List.of(record("small", "one", Severity.INFO, SPAN,
        Attributes.empty()));

    assertThat(ours(big)).isEqualTo(sdkEncoding(big));
    assertThat(ours(small)).isEqualTo(sdkEncoding(small));
    assertThat(encoder.request(RESOURCE, List.of())).isZero();
  }
}

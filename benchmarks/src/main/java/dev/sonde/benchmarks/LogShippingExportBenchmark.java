package dev.sonde.benchmarks;

import dev.sonde.agent.logs.ExportedLogRecord;
import dev.sonde.agent.otlp.LogsRequestEncoder;
import dev.sonde.instrumentation.api.logs.CapturedLogEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.exporter.internal.otlp.logs.LogsRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.logs.LowAllocationLogsRequestMarshaler;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.resources.Resource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The log export thread's work per batch of 512 records, as log shipping makes them (Logback
 * events in a request: MDC entries, the correlation fields, a thread name; every 16th with an
 * exception), once they are OTLP records: {@code encodeBatch}, the agent's encoder; the SDK's two
 * marshalers on the same batch as baselines, the one that builds objects per record
 * ({@code sdkMarshaler}) and the one that reuses its memory ({@code sdkLowAllocationMarshaler}).
 * The conversion to records ({@link ExportedLogRecord}) is the same for all and not measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class LogShippingExportBenchmark {

  static final int BATCH = 512;

  private final LogsRequestEncoder encoder = new LogsRequestEncoder();
  private final LowAllocationLogsRequestMarshaler lowAllocation =
      new LowAllocationLogsRequestMarshaler();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 18);
  private Resource resource;
  private List<LogRecordData> batch;

  @Setup
  public void records() {
    resource = Resource.getDefault().merge(Resource.create(Attributes.of(
        AttributeKey.stringKey("service.name"), "e2e-app")));
    batch = new ArrayList<LogRecordData>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      String traceId = String.format("%032x", 0x4bf92f3577b34da6L + i);
      String spanId = String.format("%016x", 0x00f067aa0ba902b7L + i);
      String[] correlation = {"trace_id", traceId, "span_id", spanId, "trace_flags", "01",
          "request_id", "3f2c8a9e-1b4d-4e6f-9a7b-" + i};
      Throwable thrown = i % 16 == 0 ? new IllegalStateException("item " + i + " missing") : null;
      batch.add(ExportedLogRecord.of(new CapturedLogEvent(1_700_000_000_000L + i,
          thrown == null ? Severity.INFO : Severity.ERROR, thrown == null ? "INFO" : "ERROR",
          i % 4 == 0 ? "com.shop.Orders" : "com.shop.Items", "http-nio-8080-exec-" + (i % 8),
          "loading item " + i, thrown,
          Map.of("order_id", String.valueOf(i), "tenant", "shop-eu", "trace_id", traceId,
              "request_id", correlation[7]), correlation), resource));
    }
  }

  @Benchmark
  public int encodeBatch() {
    return encoder.request(resource, batch);
  }

  /** Baseline: the SDK's OTLP marshaler, objects per record. */
  @Benchmark
  public int sdkMarshaler() throws IOException {
    out.reset();
    LogsRequestMarshaler.create(batch).writeBinaryTo(out);
    return out.size();
  }

  /** Baseline: the SDK's reusable-memory marshaler. */
  @Benchmark
  public int sdkLowAllocationMarshaler() throws IOException {
    out.reset();
    lowAllocation.initialize(batch);
    try {
      lowAllocation.writeBinaryTo(out);
    } finally {
      lowAllocation.reset();
    }
    return out.size();
  }
}

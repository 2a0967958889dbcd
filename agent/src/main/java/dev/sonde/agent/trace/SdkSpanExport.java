package dev.sonde.agent.trace;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Spans through one of the SDK's exporters (OTLP over gRPC): the queue keeps the spans
 * themselves, and the exporter encodes them on the export thread.
 */
public final class SdkSpanExport implements SpanExport<SpanData> {

  private final SpanExporter exporter;
  private final long timeoutMillis;

  public SdkSpanExport(SpanExporter exporter, long timeoutMillis) {
    this.exporter = exporter;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public SpanData prepare(SpanData span) {
    return span;
  }

  @Override
  public ExportFailure send(List<SpanData> batch) {
    // A copy: exporters may keep the collection after returning, the queue reuses its list.
    CompletableResultCode result = exporter.export(new ArrayList<SpanData>(batch));
    result.join(timeoutMillis, TimeUnit.MILLISECONDS);
    if (result.isSuccess()) {
      return null;
    }
    Throwable cause = result.getFailureThrowable();
    // The SDK's exporter retries by itself, within its own timeout.
    return ExportFailure.of(cause != null ? String.valueOf(cause.getMessage())
        : result.isDone() ? "the exporter reported a failure"
        : "no answer within " + timeoutMillis + " ms (sonde.exporter.otlp.timeout)");
  }

  @Override
  public void shutdown() {
    exporter.shutdown();
  }
}

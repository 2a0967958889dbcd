package dev.sonde.agent.trace;

import dev.sonde.agent.export.ExportFailure;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.List;

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
    return ExportFailure.ofSdkResult(exporter.export(new ArrayList<SpanData>(batch)),
        timeoutMillis);
  }

  @Override
  public void shutdown() {
    exporter.shutdown();
  }
}

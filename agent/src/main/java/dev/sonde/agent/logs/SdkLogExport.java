package dev.sonde.agent.logs;

import dev.sonde.agent.export.ExportFailure;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import java.util.ArrayList;
import java.util.List;

/** Log records through one of the SDK's exporters (OTLP over gRPC). */
public final class SdkLogExport implements LogExport {

  private final LogRecordExporter exporter;
  private final long timeoutMillis;

  public SdkLogExport(LogRecordExporter exporter, long timeoutMillis) {
    this.exporter = exporter;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public ExportFailure send(List<LogRecordData> batch) {
    // A copy: exporters may keep the collection after returning, the shipper reuses its list.
    return ExportFailure.ofSdkResult(exporter.export(new ArrayList<LogRecordData>(batch)),
        timeoutMillis);
  }

  @Override
  public void shutdown() {
    exporter.shutdown();
  }
}

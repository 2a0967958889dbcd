package dev.sonde.agent.logs;

import dev.sonde.agent.export.BatchDelivery;
import io.opentelemetry.sdk.logs.data.LogRecordData;

/**
 * How a batch of log records leaves the process: {@link #send}, on the log export thread, again
 * after a retryable failure.
 */
public interface LogExport extends BatchDelivery.Request<LogRecordData> {

  /** At JVM exit, after the last {@link #send}. */
  void shutdown();
}

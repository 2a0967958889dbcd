package dev.sonde.agent.logs;

import dev.sonde.agent.export.ExportFailure;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import java.util.List;

/** How a batch of log records leaves the process, on the log export thread. */
public interface LogExport {

  /**
   * Sends {@code batch}, waiting for the answer (never longer than the export timeout). The same
   * batch is sent again after a retryable failure.
   *
   * @return null when it was accepted, else why not (for the agent's log) and whether to retry
   */
  ExportFailure send(List<LogRecordData> batch);

  /** At JVM exit, after the last {@link #send}. */
  void shutdown();
}

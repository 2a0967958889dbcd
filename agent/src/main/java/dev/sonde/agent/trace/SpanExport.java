package dev.sonde.agent.trace;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;

/**
 * How ended spans leave the process, in two halves. {@link #prepare} runs on the thread that
 * ended the span; {@link #send} runs on the export thread with a batch of what {@code prepare}
 * returned. Both exports queue the span itself and encode on the export thread: encoding where
 * the span ended reads it from a warmer cache, but needs an array per span to hand the bytes
 * over, the largest of the agent's allocations per request.
 *
 * @param <T> what the queue holds of an ended span
 */
public interface SpanExport<T> {

  /** On the thread that ended {@code span}: what the queue keeps of it. */
  T prepare(SpanData span);

  /**
   * On the export thread: sends a batch, waiting for the answer (never longer than the export
   * timeout). The same batch is sent again after a retryable failure.
   *
   * @return null when it was accepted, else why not (for the agent's log) and whether to retry
   */
  ExportFailure send(List<T> batch);

  /** At JVM exit, after the last {@link #send}. */
  void shutdown();
}

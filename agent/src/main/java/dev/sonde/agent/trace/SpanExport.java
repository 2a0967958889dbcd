package dev.sonde.agent.trace;

import dev.sonde.agent.export.BatchDelivery;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * How ended spans leave the process, in two halves. {@link #prepare} runs on the thread that
 * ended the span; {@link #send} runs on the export thread with a batch of what {@code prepare}
 * returned. Both exports queue the span itself and encode on the export thread: encoding where
 * the span ended reads it from a warmer cache, but needs an array per span to hand the bytes
 * over, the largest of the agent's allocations per request.
 *
 * @param <T> what the queue holds of an ended span
 */
public interface SpanExport<T> extends BatchDelivery.Request<T> {

  /** On the thread that ended {@code span}: what the queue keeps of it. */
  T prepare(SpanData span);

  /** At JVM exit, after the last {@link #send}. */
  void shutdown();
}

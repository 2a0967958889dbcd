package dev.sonde.agent.trace;

import dev.sonde.agent.export.BatchDelivery;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * How ended spans leave the process, in two halves. {@link #prepare} runs on the thread that
 * ended the span, while what it recorded is still in that core's cache; {@link #send} runs on the
 * export thread with a batch of what {@code prepare} returned. Reading a span's objects from the
 * export thread, written on another core tens of milliseconds before, cost more than encoding
 * them where they were made.
 *
 * @param <T> what the queue holds of an ended span: its encoded bytes, or the span itself
 */
public interface SpanExport<T> extends BatchDelivery.Request<T> {

  /** On the thread that ended {@code span}: what the queue keeps of it. */
  T prepare(SpanData span);

  /** At JVM exit, after the last {@link #send}. */
  void shutdown();
}

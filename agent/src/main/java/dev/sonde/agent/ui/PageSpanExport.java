package dev.sonde.agent.ui;

import dev.sonde.agent.export.ExportFailure;
import dev.sonde.agent.trace.SpanExport;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;

/**
 * The trace page's share of the ended spans. The application's thread only queues the span
 * ({@link #prepare} keeps it as it is); the page's export thread counts it in the endpoint
 * windows and hands it to the ring, which copies what the page shows of the traces it keeps.
 */
final class PageSpanExport implements SpanExport<SpanData> {

  private final TraceRing ring;
  private final EndpointWindows endpoints;

  PageSpanExport(TraceRing ring, EndpointWindows endpoints) {
    this.ring = ring;
    this.endpoints = endpoints;
  }

  @Override
  public SpanData prepare(SpanData span) {
    return span;
  }

  @Override
  public ExportFailure send(List<SpanData> batch) {
    long now = System.nanoTime();
    for (SpanData span : batch) {
      endpoints.record(span);
      ring.add(span, now);
    }
    return null;
  }

  @Override
  public void shutdown() {
    // Nothing to flush: the page goes with the JVM.
  }
}

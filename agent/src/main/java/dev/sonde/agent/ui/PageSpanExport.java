package dev.sonde.agent.ui;

import dev.sonde.agent.trace.ExportFailure;
import dev.sonde.agent.trace.SpanExport;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;

/**
 * The trace page's share of the ended spans. The application's thread only queues the span
 * ({@link #prepare} keeps it as it is); the page's export thread copies what the page shows
 * ({@link KeptSpan}) into the ring and the endpoint windows.
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
    for (SpanData span : batch) {
      KeptSpan kept = KeptSpan.of(span);
      endpoints.record(kept);
      ring.add(kept);
    }
    return null;
  }

  @Override
  public void shutdown() {
    // Nothing to flush: the page goes with the JVM.
  }
}

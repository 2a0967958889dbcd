package dev.sonde.instrumentation.api.http;

import io.opentelemetry.api.trace.Span;
import java.util.concurrent.atomic.AtomicBoolean;

/** One outgoing request in flight: what {@link HttpClientRecorder} needs again when it ends. */
public final class ClientCall {

  /** The CLIENT span, or null when no span was current (measured, not traced). */
  final Span span;
  final String method;
  final ClientEndpoint endpoint;
  final long startNanos;
  private final AtomicBoolean ended = new AtomicBoolean();

  ClientCall(Span span, String method, ClientEndpoint endpoint, long startNanos) {
    this.span = span;
    this.method = method;
    this.endpoint = endpoint;
    this.startNanos = startNanos;
  }

  /** Whether it has ended: later calls on the same request record nothing. */
  public boolean ended() {
    return ended.get();
  }

  /** True exactly once. */
  boolean markEnded() {
    return ended.compareAndSet(false, true);
  }
}

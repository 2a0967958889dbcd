package dev.sonde.instrumentation.api.http;

import io.opentelemetry.api.trace.Span;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/** One outgoing request in flight: what {@link HttpClientRecorder} needs again when it ends. */
public final class ClientCall {

  /** The CLIENT span, or null when no span was current (measured, not traced). */
  final Span span;
  /** Normalized; changed only by {@link HttpClientRecorder#methodSent}, before the end. */
  volatile String method;
  final ClientEndpoint endpoint;
  final long startNanos;
  // A field updater, not an AtomicBoolean: one object less per request on the metrics-only path.
  private static final AtomicIntegerFieldUpdater<ClientCall> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(ClientCall.class, "ended");
  private volatile int ended;

  ClientCall(Span span, String method, ClientEndpoint endpoint, long startNanos) {
    this.span = span;
    this.method = method;
    this.endpoint = endpoint;
    this.startNanos = startNanos;
  }

  /** Whether it has ended: later calls on the same request record nothing. */
  public boolean ended() {
    return ended != 0;
  }

  /** True exactly once. */
  boolean markEnded() {
    return ENDED.compareAndSet(this, 0, 1);
  }
}

package dev.sonde.instrumentation.api.http;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.concurrent.atomic.AtomicBoolean;

/** One server request in flight: what {@link HttpServerRecorder} needs again when it ends. */
final class ServerRequest {

  final Span span;
  final String method;
  final String path;
  final String requestId;
  final long startNanos;
  Scope scope;
  private final AtomicBoolean ended = new AtomicBoolean();

  ServerRequest(Span span, String method, String path, String requestId, long startNanos) {
    this.span = span;
    this.method = method;
    this.path = path;
    this.requestId = requestId;
    this.startNanos = startNanos;
  }

  /** True exactly once: async completion may be reported more than once by some containers. */
  boolean markEnded() {
    return ended.compareAndSet(false, true);
  }
}

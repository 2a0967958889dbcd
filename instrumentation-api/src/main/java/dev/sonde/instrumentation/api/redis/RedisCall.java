package dev.sonde.instrumentation.api.redis;

import dev.sonde.instrumentation.api.health.DependencyWindow;
import io.opentelemetry.api.trace.Span;

/**
 * One Redis command between being sent and its reply: what {@link RedisCommandRecorder#end}
 * needs. A command with no trace around it is this class itself, 32 bytes (it is allocated per
 * command); a traced one is {@link Traced}, which also holds its span.
 */
public class RedisCall {

  final String command;
  /** Keys a multi-key read (MGET, EXISTS...) asked for: the misses are those not found. */
  final int keyCount;
  final long startNanos;
  /** The server's window: the command's outcome and duration count in its health. */
  final DependencyWindow endpoint;

  RedisCall(String command, int keyCount, long startNanos, DependencyWindow endpoint) {
    this.command = command;
    this.keyCount = keyCount;
    this.startNanos = startNanos;
    this.endpoint = endpoint;
  }

  /** The command's span; null when it is not traced (no current span). */
  Span span() {
    return null;
  }

  /** A command sent under a current span. */
  static final class Traced extends RedisCall {
    private final Span span;

    Traced(String command, int keyCount, long startNanos, DependencyWindow endpoint, Span span) {
      super(command, keyCount, startNanos, endpoint);
      this.span = span;
    }

    @Override
    Span span() {
      return span;
    }
  }
}

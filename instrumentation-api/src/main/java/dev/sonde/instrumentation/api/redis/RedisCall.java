package dev.sonde.instrumentation.api.redis;

import io.opentelemetry.api.trace.Span;

/** One Redis command between being sent and its reply: what {@link RedisCommandRecorder#end} needs. */
public final class RedisCall {

  final String command;
  /** Keys a multi-key read (MGET, EXISTS...) asked for: the misses are those not found. */
  final int keyCount;
  /** Null when the command is not traced (no current span). */
  final Span span;
  final long startNanos;

  RedisCall(String command, int keyCount, Span span, long startNanos) {
    this.command = command;
    this.keyCount = keyCount;
    this.span = span;
    this.startNanos = startNanos;
  }
}

package dev.sonde.agent.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.util.concurrent.TimeUnit;

/**
 * Starts a {@link CompactSpan} when the trace is sampled, else a non-recording span that only
 * carries its context (ids for log lines and outgoing headers). Links are not recorded: no
 * instrumentation of the agent adds any.
 */
final class CompactSpanBuilder implements SpanBuilder {

  private final CompactTracer tracer;
  private final String name;
  private Context parent;
  private boolean noParent;
  private SpanKind kind = SpanKind.INTERNAL;
  private long startEpochNanos;
  private SpanAttributes attributes;

  CompactSpanBuilder(CompactTracer tracer, String name) {
    this.tracer = tracer;
    this.name = name;
  }

  @Override
  public SpanBuilder setParent(Context context) {
    if (context != null) {
      parent = context;
      noParent = false;
    }
    return this;
  }

  @Override
  public SpanBuilder setNoParent() {
    noParent = true;
    parent = null;
    return this;
  }

  @Override
  public SpanBuilder addLink(SpanContext spanContext) {
    return this;
  }

  @Override
  public SpanBuilder addLink(SpanContext spanContext, Attributes attributes) {
    return this;
  }

  @Override
  public SpanBuilder setAttribute(String key, String value) {
    return setAttribute(AttributeKey.stringKey(key), value);
  }

  @Override
  public SpanBuilder setAttribute(String key, long value) {
    return setAttribute(AttributeKey.longKey(key), value);
  }

  @Override
  public SpanBuilder setAttribute(String key, double value) {
    return setAttribute(AttributeKey.doubleKey(key), value);
  }

  @Override
  public SpanBuilder setAttribute(String key, boolean value) {
    return setAttribute(AttributeKey.booleanKey(key), value);
  }

  @Override
  public <T> SpanBuilder setAttribute(AttributeKey<T> key, T value) {
    if (key != null && value != null && !key.getKey().isEmpty()) {
      if (attributes == null) {
        attributes = new SpanAttributes();
      }
      attributes.put(key, value);
    }
    return this;
  }

  @Override
  public SpanBuilder setSpanKind(SpanKind spanKind) {
    if (spanKind != null) {
      kind = spanKind;
    }
    return this;
  }

  @Override
  public SpanBuilder setStartTimestamp(long startTimestamp, TimeUnit unit) {
    if (startTimestamp >= 0 && unit != null) {
      startEpochNanos = unit.toNanos(startTimestamp);
    }
    return this;
  }

  @Override
  public Span startSpan() {
    SpanContext parentContext = noParent ? SpanContext.getInvalid()
        : Span.fromContext(parent != null ? parent : Context.current()).getSpanContext();
    IdSpanContext context = tracer.newContext(parentContext);
    if (!context.getTraceFlags().isSampled()) {
      return Span.wrap(context);
    }
    long nanoTime = System.nanoTime();
    long epochNanos = startEpochNanos != 0 ? startEpochNanos : tracer.clock.epochNanos(nanoTime);
    SpanAttributes spanAttributes = attributes != null ? attributes : new SpanAttributes();
    // The span owns them now: a second startSpan() on this builder starts afresh.
    attributes = null;
    return new CompactSpan(tracer, context, parentContext, kind, name, epochNanos,
        startEpochNanos != 0 ? CompactSpan.EXPLICIT_START : nanoTime, spanAttributes);
  }
}

package dev.sonde.agent.trace;

import dev.sonde.instrumentation.api.trace.ExceptionTextFilter;
import dev.sonde.instrumentation.api.trace.FilteredExceptions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A sampled span while it records: plain arrays on the application's thread, seen as the
 * exporter's {@code SpanData} ({@link ExportedSpan}) only once it ended, to be prepared for
 * export. Exception events keep the {@code Throwable} until then; its stack trace becomes text
 * only for a span that is exported.
 *
 * <p>One writer at a time: the agent's recorders start, describe and end a span on one thread,
 * or hand it to another (an async request's completion, a Redis reply) through a queue or a
 * callback, which orders the writes. So unlike the SDK's span it takes no lock per attribute.
 * {@link #end} publishes it exactly once; writes after it are ignored.
 */
final class CompactSpan implements Span, FilteredExceptions {

  /** The SDK's default limit. */
  static final int MAX_EVENTS = 128;

  /** {@code startNanoTime} of a span whose start time the caller gave. */
  static final long EXPLICIT_START = Long.MIN_VALUE;

  private static final AtomicIntegerFieldUpdater<CompactSpan> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(CompactSpan.class, "ended");

  final CompactTracer tracer;
  final IdSpanContext context;
  final SpanContext parent;
  final SpanKind kind;
  final long startEpochNanos;
  private final long startNanoTime;
  String name;
  final SpanAttributes attributes;
  List<RecordedEvent> events;
  int eventsAdded;
  StatusCode status = StatusCode.UNSET;
  String statusDescription;
  long endEpochNanos;
  private volatile int ended;

  CompactSpan(CompactTracer tracer, IdSpanContext context, SpanContext parent, SpanKind kind,
      String name, long startEpochNanos, long startNanoTime, SpanAttributes attributes) {
    this.tracer = tracer;
    this.context = context;
    this.parent = parent;
    this.kind = kind;
    this.name = name;
    this.startEpochNanos = startEpochNanos;
    this.startNanoTime = startNanoTime;
    this.attributes = attributes;
  }

  @Override
  public <T> Span setAttribute(AttributeKey<T> key, T value) {
    if (key != null && value != null && !key.getKey().isEmpty() && ended == 0) {
      attributes.put(key, value);
    }
    return this;
  }

  @Override
  public Span addEvent(String name, Attributes attributes) {
    return addEvent(name, attributes, tracer.clock.epochNanos(System.nanoTime()));
  }

  @Override
  public Span addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
    if (unit == null || timestamp < 0) {
      return addEvent(name, attributes);
    }
    return addEvent(name, attributes, unit.toNanos(timestamp));
  }

  private Span addEvent(String name, Attributes attributes, long epochNanos) {
    if (name != null && ended == 0) {
      add(new RecordedEvent(epochNanos, name, attributes == null ? Attributes.empty()
          : attributes, null, null));
    }
    return this;
  }

  @Override
  public Span recordException(Throwable exception, Attributes additional) {
    if (exception != null && ended == 0) {
      add(new RecordedEvent(tracer.clock.epochNanos(System.nanoTime()), "exception",
          additional == null ? Attributes.empty() : additional, exception, null));
    }
    return this;
  }

  /** As {@link #recordException(Throwable)}; the texts, made at export, go through {@code filter}. */
  @Override
  public void recordException(Throwable exception, ExceptionTextFilter filter) {
    if (exception != null && ended == 0) {
      add(new RecordedEvent(tracer.clock.epochNanos(System.nanoTime()), "exception",
          Attributes.empty(), exception, filter));
    }
  }

  private void add(RecordedEvent event) {
    eventsAdded++;
    if (events == null) {
      events = new ArrayList<RecordedEvent>(2);
    }
    if (events.size() < MAX_EVENTS) {
      events.add(event);
    }
  }

  @Override
  public Span setStatus(StatusCode code, String description) {
    // As the SDK: UNSET changes nothing, OK is final; a description belongs to ERROR only.
    if (code == null || code == StatusCode.UNSET || ended != 0 || status == StatusCode.OK) {
      return this;
    }
    status = code;
    statusDescription = code == StatusCode.ERROR ? description : null;
    return this;
  }

  @Override
  public Span updateName(String name) {
    if (name != null && ended == 0) {
      this.name = name;
    }
    return this;
  }

  @Override
  public void end() {
    endAt(System.nanoTime());
  }

  @Override
  public void end(long timestamp, TimeUnit unit) {
    if (unit == null || timestamp <= 0) {
      // As the SDK: no time given means now.
      end();
      return;
    }
    if (ENDED.compareAndSet(this, 0, 1)) {
      endEpochNanos = unit.toNanos(timestamp);
      tracer.ended(this);
    }
  }

  private void endAt(long nanoTime) {
    if (ENDED.compareAndSet(this, 0, 1)) {
      // Measured from the span's own start unless that was given explicitly (another clock).
      endEpochNanos = startNanoTime != EXPLICIT_START
          ? startEpochNanos + (nanoTime - startNanoTime) : tracer.clock.epochNanos(nanoTime);
      tracer.ended(this);
    }
  }

  @Override
  public SpanContext getSpanContext() {
    return context;
  }

  @Override
  public boolean isRecording() {
    return ended == 0;
  }

  @Override
  public String toString() {
    return "CompactSpan{" + name + ", " + context + "}";
  }

  /** An event as recorded; an exception's attributes are made when the span is exported. */
  static final class RecordedEvent {
    final long epochNanos;
    final String name;
    final Attributes attributes;
    final Throwable exception;
    /** What the exception's texts go through; null for none. */
    final ExceptionTextFilter filter;

    RecordedEvent(long epochNanos, String name, Attributes attributes, Throwable exception,
        ExceptionTextFilter filter) {
      this.epochNanos = epochNanos;
      this.name = name;
      this.attributes = attributes;
      this.exception = exception;
      this.filter = filter;
    }
  }
}

package dev.sonde.agent.trace;

import dev.sonde.instrumentation.api.trace.ExceptionTexts;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An ended {@link CompactSpan} as exporters read it. Made by the thread that ended the span
 * ({@link SpanQueue#offer}), which is also where an exception event's type, message and stack
 * trace become text.
 */
final class ExportedSpan implements SpanData {

  static final AttributeKey<String> EXCEPTION_TYPE = ExceptionTexts.TYPE;
  static final AttributeKey<String> EXCEPTION_MESSAGE = ExceptionTexts.MESSAGE;
  static final AttributeKey<String> EXCEPTION_STACKTRACE = ExceptionTexts.STACKTRACE;

  private final CompactSpan span;
  private final List<EventData> events;
  private final StatusData status;

  ExportedSpan(CompactSpan span) {
    this.span = span;
    this.events = events(span.events);
    this.status = StatusData.create(span.status, span.statusDescription);
  }

  private static List<EventData> events(List<CompactSpan.RecordedEvent> recorded) {
    if (recorded == null) {
      return Collections.emptyList();
    }
    List<EventData> events = new ArrayList<EventData>(recorded.size());
    for (CompactSpan.RecordedEvent event : recorded) {
      Attributes attributes = event.attributes;
      if (event.exception != null) {
        // As the SDK records them, the texts through the recorder's filter if it gave one.
        attributes = ExceptionTexts.attributes(event.exception, event.filter, attributes);
      }
      events.add(EventData.create(event.epochNanos, event.name, attributes));
    }
    return events;
  }

  @Override
  public String getName() {
    return span.name;
  }

  @Override
  public SpanKind getKind() {
    return span.kind;
  }

  @Override
  public SpanContext getSpanContext() {
    return span.context;
  }

  @Override
  public SpanContext getParentSpanContext() {
    return span.parent;
  }

  @Override
  public StatusData getStatus() {
    return status;
  }

  @Override
  public long getStartEpochNanos() {
    return span.startEpochNanos;
  }

  @Override
  public Attributes getAttributes() {
    return span.attributes;
  }

  @Override
  public List<EventData> getEvents() {
    return events;
  }

  @Override
  public List<LinkData> getLinks() {
    return Collections.emptyList();
  }

  @Override
  public long getEndEpochNanos() {
    return span.endEpochNanos;
  }

  @Override
  public boolean hasEnded() {
    return true;
  }

  @Override
  public int getTotalRecordedEvents() {
    return span.eventsAdded;
  }

  @Override
  public int getTotalRecordedLinks() {
    return 0;
  }

  @Override
  public int getTotalAttributeCount() {
    return span.attributes.totalAdded();
  }

  @Override
  @SuppressWarnings("deprecation")
  public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
    return InstrumentationLibraryInfo.create(span.tracer.scope.getName(),
        span.tracer.scope.getVersion());
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return span.tracer.scope;
  }

  @Override
  public Resource getResource() {
    return span.tracer.resource;
  }
}

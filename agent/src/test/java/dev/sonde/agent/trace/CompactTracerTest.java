package dev.sonde.agent.trace;

import dev.sonde.agent.export.ExportStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sonde.instrumentation.api.metrics.StripedCounter;
import dev.sonde.instrumentation.api.trace.ExceptionTextFilter;
import dev.sonde.instrumentation.api.trace.ExceptionTexts;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.prometheus.client.CollectorRegistry;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent's tracer records what the OpenTelemetry SDK's would, and samples as it does. */
class CompactTracerTest {

  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<Long> STATUS =
      AttributeKey.longKey("http.response.status_code");
  private static final Resource RESOURCE = Resource.getDefault();
  private static final InstrumentationScopeInfo SCOPE =
      InstrumentationScopeInfo.builder("dev.sonde").setVersion("1.2.3").build();

  private final CollectorRegistry registry = new CollectorRegistry(true);
  private final StripedCounter.Child dropped =
      StripedCounter.build("dropped", "d").register(registry).labels();
  private final StripedCounter.Child failures =
      StripedCounter.build("failures", "f").register(registry).labels();
  /** Ours: collects and keeps what it is given (the SDK's in-memory exporter forgets at shutdown). */
  private final SpanQueueTest.GatedExporter collecting =
      new SpanQueueTest.GatedExporter(new CountDownLatch(0), true);
  private final List<SpanData> exported = collecting.exported;
  private final InMemorySpanExporter sdkExported = InMemorySpanExporter.create();
  private final SdkTracerProvider sdk = SdkTracerProvider.builder().setResource(RESOURCE)
      .addSpanProcessor(SimpleSpanProcessor.create(sdkExported)).build();
  private CompactTracer tracer = tracer(1.0);

  private CompactTracer tracer(double ratio) {
    return new CompactTracer(RESOURCE, SCOPE, ratio, new SpanQueue<>(
        new SdkSpanExport(collecting, 5000), 1024, 64, 10, 5000, dropped, failures,
        new ExportStatus()));
  }

  @AfterEach
  void stop() {
    tracer.shutdown();
    sdk.shutdown();
  }

  private List<SpanData> exported(int count) {
    await().atMost(Duration.ofSeconds(10)).until(() -> exported.size()
        >= count);
    return exported;
  }

  /** A server request that fails: what the HTTP recorder does to its span. */
  private static void failedRequest(Tracer tracer) {
    Span span = tracer.spanBuilder("GET").setSpanKind(SpanKind.SERVER).setNoParent().startSpan();
    span.setAttribute(METHOD, "GET");
    span.setAttribute(STATUS, 200L);
    span.setAttribute("url.path", "/orders/7");
    span.setAttribute(STATUS, 500L);
    span.updateName("GET /orders/{id}");
    span.recordException(new IllegalStateException("no stock"),
        Attributes.of(AttributeKey.booleanKey("exception.escaped"), true));
    span.setStatus(StatusCode.ERROR, "boom");
    span.end();
  }

  @Test
  void aSpanIsExportedWithWhatTheSdkWouldRecord() {
    failedRequest(tracer);
    failedRequest(sdk.get("dev.sonde", "1.2.3"));
    SpanData ours = exported(1).get(0);
    SpanData theirs = sdkExported.getFinishedSpanItems().get(0);

    assertThat(ours.getName()).isEqualTo(theirs.getName()).isEqualTo("GET /orders/{id}");
    assertThat(ours.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(ours.getAttributes().asMap()).isEqualTo(theirs.getAttributes().asMap());
    assertThat(ours.getAttributes().get(STATUS)).isEqualTo(500L);
    assertThat(ours.getTotalAttributeCount()).isEqualTo(theirs.getTotalAttributeCount());
    assertThat(ours.getStatus()).isEqualTo(theirs.getStatus());
    assertThat(ours.getResource()).isEqualTo(theirs.getResource());
    assertThat(ours.getInstrumentationScopeInfo()).isEqualTo(theirs.getInstrumentationScopeInfo());
    assertThat(ours.getParentSpanContext().isValid()).isFalse();
    assertThat(ours.getSpanContext().isSampled()).isTrue();
    assertThat(ours.getSpanContext().getTraceId()).matches("[0-9a-f]{32}")
        .isNotEqualTo("00000000000000000000000000000000");
    assertThat(ours.getSpanContext().getSpanId()).matches("[0-9a-f]{16}");

    EventData event = ours.getEvents().get(0);
    EventData sdkEvent = theirs.getEvents().get(0);
    assertThat(event.getName()).isEqualTo(sdkEvent.getName()).isEqualTo("exception");
    assertThat(event.getAttributes().asMap().keySet())
        .containsExactlyInAnyOrderElementsOf(sdkEvent.getAttributes().asMap().keySet());
    assertThat(event.getAttributes().get(ExportedSpan.EXCEPTION_TYPE))
        .isEqualTo(sdkEvent.getAttributes().get(ExportedSpan.EXCEPTION_TYPE))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(event.getAttributes().get(ExportedSpan.EXCEPTION_MESSAGE)).isEqualTo("no stock");
    assertThat(event.getAttributes().get(ExportedSpan.EXCEPTION_STACKTRACE))
        .startsWith("java.lang.IllegalStateException: no stock")
        .contains("at dev.sonde.agent.trace.CompactTracerTest.failedRequest");
    assertThat(ours.getStartEpochNanos()).isLessThanOrEqualTo(event.getEpochNanos());
    assertThat(event.getEpochNanos()).isLessThanOrEqualTo(ours.getEndEpochNanos());
  }

  @Test
  void anExceptionRecordedWithAFilterHasItsTextsFilteredOnlyWhenTheSpanIsPreparedForExport() {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    ExceptionTextFilter hideDigits = text -> {
      calls.incrementAndGet();
      return text.replaceAll("[0-9]{4,}", "?");
    };
    Span span = tracer.spanBuilder("SELECT users").setSpanKind(SpanKind.CLIENT).startSpan();
    IllegalArgumentException error = new IllegalArgumentException("bad card 4111111111111111",
        new IllegalStateException("also 5500000000000004"));

    ExceptionTexts.record(span, error, hideDigits);
    assertThat(calls).as("nothing made into text while the span records").hasValue(0);
    span.end();

    EventData event = exported(1).get(0).getEvents().get(0);
    assertThat(event.getName()).isEqualTo("exception");
    assertThat(event.getAttributes().get(ExportedSpan.EXCEPTION_TYPE))
        .isEqualTo("java.lang.IllegalArgumentException");
    assertThat(event.getAttributes().get(ExportedSpan.EXCEPTION_MESSAGE)).isEqualTo("bad card ?");
    assertThat(event.getAttributes().get(ExportedSpan.EXCEPTION_STACKTRACE))
        .startsWith("java.lang.IllegalArgumentException: bad card ?")
        .contains("Caused by: java.lang.IllegalStateException: also ?")
        .contains("at dev.sonde.agent.trace.CompactTracerTest.")
        .doesNotContain("4111111111111111", "5500000000000004");
    assertThat(calls).hasPositiveValue();
  }

  @Test
  void timestampsAreWallClockAndTheDurationIsMeasured() throws Exception {
    long before = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    Span span = tracer.spanBuilder("work").startSpan();
    Thread.sleep(50);
    span.end();
    long after = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    SpanData data = exported(1).get(0);
    assertThat(data.getStartEpochNanos()).isBetween(before - 2_000_000, after);
    assertThat(data.getEndEpochNanos() - data.getStartEpochNanos())
        .isBetween(TimeUnit.MILLISECONDS.toNanos(45), TimeUnit.MILLISECONDS.toNanos(5000));
  }

  @Test
  void childrenShareTheTraceAndNameTheirParent() {
    Span parent = tracer.spanBuilder("parent").startSpan();
    Span child;
    try (Scope ignored = parent.makeCurrent()) {
      child = tracer.spanBuilder("child").setSpanKind(SpanKind.CLIENT).startSpan();
    }
    Span sibling = tracer.spanBuilder("explicit").setParent(Context.root().with(parent))
        .startSpan();
    child.end();
    sibling.end();
    parent.end();
    List<SpanData> spans = exported(3);
    SpanData childData = byName(spans, "child");
    assertThat(childData.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
    assertThat(childData.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(childData.getSpanId()).isNotEqualTo(parent.getSpanContext().getSpanId());
    assertThat(byName(spans, "explicit").getParentSpanId())
        .isEqualTo(parent.getSpanContext().getSpanId());
  }

  @Test
  void aRemoteParentDecidesSamplingAndPassesItsTraceAndState() {
    TraceState state = TraceState.builder().put("vendor", "x").build();
    SpanContext sampledRemote = SpanContext.createFromRemoteParent(
        "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getSampled(), state);
    SpanContext unsampledRemote = SpanContext.createFromRemoteParent(
        "5bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getDefault(), state);
    tracer.shutdown();
    tracer = tracer(0.0);
    Span kept = tracer.spanBuilder("kept")
        .setParent(Context.root().with(Span.wrap(sampledRemote))).startSpan();
    Span notKept = tracer.spanBuilder("not kept")
        .setParent(Context.root().with(Span.wrap(unsampledRemote))).startSpan();
    assertThat(kept.isRecording()).isTrue();
    assertThat(notKept.isRecording()).isFalse();
    assertThat(notKept.getSpanContext().getTraceId()).isEqualTo(unsampledRemote.getTraceId());
    assertThat(notKept.getSpanContext().getTraceState()).isEqualTo(state);
    kept.end();
    notKept.end();
    SpanData data = exported(1).get(0);
    assertThat(data.getName()).isEqualTo("kept");
    assertThat(data.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(data.getParentSpanContext()).isEqualTo(sampledRemote);
    assertThat(data.getSpanContext().getTraceState()).isEqualTo(state);
  }

  @Test
  void newTracesAreSampledByTheirTraceIdAsTheSdksRatioSamplerDecides() {
    tracer.shutdown();
    tracer = tracer(0.25);
    Sampler sdkSampler = Sampler.traceIdRatioBased(0.25);
    int sampled = 0;
    for (int i = 0; i < 4000; i++) {
      Span span = tracer.spanBuilder("s").startSpan();
      SpanContext context = span.getSpanContext();
      assertThat(context.isValid()).isTrue();
      SamplingDecision sdkDecision = sdkSampler.shouldSample(Context.root(), context.getTraceId(),
          "s", SpanKind.INTERNAL, Attributes.empty(), Collections.emptyList()).getDecision();
      assertThat(span.isRecording())
          .isEqualTo(sdkDecision == SamplingDecision.RECORD_AND_SAMPLE);
      assertThat(context.isSampled()).isEqualTo(span.isRecording());
      sampled += span.isRecording() ? 1 : 0;
    }
    assertThat(sampled).isBetween(800, 1200);
  }

  @Test
  void anUnsampledSpanStillCarriesIdsButRecordsNothing() {
    tracer.shutdown();
    tracer = tracer(0.0);
    Span span = tracer.spanBuilder("s").startSpan();
    span.setAttribute(METHOD, "GET");
    span.end();
    assertThat(span.isRecording()).isFalse();
    assertThat(span.getSpanContext().isValid()).isTrue();
    assertThat(span.getSpanContext().isSampled()).isFalse();
    tracer.shutdown();
    assertThat(exported).isEmpty();
  }

  @Test
  void aSpanIsExportedOnceAndIgnoresWritesAfterItsEnd() {
    Span span = tracer.spanBuilder("once").startSpan();
    span.setAttribute(METHOD, "GET");
    span.end();
    span.setAttribute(METHOD, "POST");
    span.updateName("renamed");
    span.end();
    assertThat(span.isRecording()).isFalse();
    tracer.shutdown();
    List<SpanData> spans = exported;
    assertThat(spans).hasSize(1);
    assertThat(spans.get(0).getName()).isEqualTo("once");
    assertThat(spans.get(0).getAttributes().get(METHOD)).isEqualTo("GET");
  }

  @Test
  void attributesBeyondTheLimitAreCountedNotKept() {
    Consumer<Tracer> many = t -> {
      Span span = t.spanBuilder("many").setAttribute("from.builder", "b").startSpan();
      for (int i = 0; i < 200; i++) {
        span.setAttribute("a" + i, (long) i);
      }
      span.setAttribute("a3", "overwritten");
      span.setStatus(StatusCode.OK);
      span.setStatus(StatusCode.ERROR, "too late: OK is final");
      span.end();
    };
    many.accept(tracer);
    many.accept(sdk.get("dev.sonde"));
    SpanData ours = exported(1).get(0);
    SpanData theirs = sdkExported.getFinishedSpanItems().get(0);
    assertThat(ours.getAttributes().size()).isEqualTo(theirs.getAttributes().size())
        .isEqualTo(SpanAttributes.MAX_ATTRIBUTES);
    assertThat(ours.getTotalAttributeCount()).isEqualTo(theirs.getTotalAttributeCount());
    assertThat(ours.getAttributes().asMap()).isEqualTo(theirs.getAttributes().asMap());
    assertThat(ours.getStatus()).isEqualTo(theirs.getStatus());
  }

  /** An application exception whose message cannot be read (a lazy field of a closed session). */
  static final class UnreadableException extends RuntimeException {
    @Override
    public String getMessage() {
      throw new IllegalStateException("session closed");
    }
  }

  @Test
  void anExceptionThatCannotBeReadCostsItsTextNotTheSpanNorTheExport() {
    Span failed = tracer.spanBuilder("failed").startSpan();
    failed.recordException(new UnreadableException());
    failed.end();
    tracer.spanBuilder("later").startSpan().end();
    List<SpanData> spans = exported(2);
    EventData event = byName(spans, "failed").getEvents().get(0);
    assertThat(event.getAttributes().get(ExportedSpan.EXCEPTION_TYPE))
        .isEqualTo(UnreadableException.class.getCanonicalName());
    assertThat(event.getAttributes().get(ExportedSpan.EXCEPTION_MESSAGE)).isNull();
    assertThat(byName(spans, "later")).isNotNull();
  }

  @Test
  void statusAndBuilderReuseFollowTheSdk() {
    Consumer<Tracer> calls = t -> {
      SpanBuilder builder = t.spanBuilder("twice").setAttribute("from.builder", "b");
      Span first = builder.startSpan();
      first.setAttribute("only.first", true);
      first.setStatus(StatusCode.ERROR, "failed");
      first.setStatus(StatusCode.UNSET);
      first.end();
      Span second = builder.startSpan();
      second.end();
    };
    calls.accept(tracer);
    calls.accept(sdk.get("dev.sonde"));
    List<SpanData> ours = exported(2);
    List<SpanData> theirs = sdkExported.getFinishedSpanItems();
    for (int i = 0; i < 2; i++) {
      assertThat(ours.get(i).getAttributes().asMap())
          .isEqualTo(theirs.get(i).getAttributes().asMap());
      assertThat(ours.get(i).getStatus()).isEqualTo(theirs.get(i).getStatus());
    }
    assertThat(ours.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  private static SpanData byName(List<SpanData> spans, String name) {
    for (SpanData span : spans) {
      if (span.getName().equals(name)) {
        return span;
      }
    }
    throw new AssertionError("no span " + name + " in " + spans);
  }
}

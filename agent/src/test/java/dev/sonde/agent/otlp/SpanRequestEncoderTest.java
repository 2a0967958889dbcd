package dev.sonde.agent.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.agent.export.ExportFailure;
import dev.sonde.agent.export.ExportStatus;
import dev.sonde.agent.trace.CompactTracer;
import dev.sonde.agent.trace.SpanExport;
import dev.sonde.agent.trace.SpanQueue;
import dev.sonde.instrumentation.api.metrics.StripedCounter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.prometheus.client.CollectorRegistry;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The agent's encoding of a batch (each span on its own, then the request around them) is the
 * OTLP request the SDK's marshaler writes, field for field.
 */
class SpanRequestEncoderTest {

  private static final Resource RESOURCE = Resource.getDefault().merge(Resource.create(
      Attributes.of(AttributeKey.stringKey("service.name"), "orders",
          AttributeKey.longKey("process.pid"), 4242L)));

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final SdkTracerProvider provider = SdkTracerProvider.builder().setResource(RESOURCE)
      .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();

  private static ExportTraceServiceRequest sdkEncoding(List<SpanData> batch) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TraceRequestMarshaler.create(batch).writeBinaryTo(out);
    return ExportTraceServiceRequest.parseFrom(out.toByteArray());
  }

  /**
   * As the agent exports: the batch's request in one pass, into a buffer that starts small (it
   * grows, and is given back above 64 bytes).
   */
  private ExportTraceServiceRequest ours(List<SpanData> batch) throws Exception {
    SpanRequestEncoder small = new SpanRequestEncoder(16, 64);
    InstrumentationScopeInfo scope = batch.isEmpty() ? InstrumentationScopeInfo.create("none")
        : batch.get(0).getInstrumentationScopeInfo();
    int size = small.request(RESOURCE, scope, batch);
    byte[] first = java.util.Arrays.copyOf(small.bytes(), size);
    // Again with the same encoder: what the last request left in the buffer changes nothing.
    int again = small.request(RESOURCE, scope, batch);
    assertThat(java.util.Arrays.copyOf(small.bytes(), again)).isEqualTo(first);
    return ExportTraceServiceRequest.parseFrom(first);
  }

  @Test
  void aBatchOfEverySpanShapeEncodesAsTheSdkEncodesIt() throws Exception {
    Tracer tracer = provider.get("dev.sonde", "1.2.3");
    Span server = tracer.spanBuilder("GET /orders/{id}").setSpanKind(SpanKind.SERVER)
        .setParent(Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(
            "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getSampled(),
            TraceState.builder().put("vendor", "x").put("other", "y=z").build()))))
        .startSpan();
    server.setAttribute("http.request.method", "GET");
    server.setAttribute("http.response.status_code", 500L);
    server.setAttribute("sampled.share", 0.25);
    server.setAttribute("retried", true);
    server.setAttribute(AttributeKey.stringArrayKey("tags"), Arrays.asList("a", "b"));
    server.setAttribute(AttributeKey.longArrayKey("ports"), Arrays.asList(1L, 65535L));
    server.setAttribute(AttributeKey.booleanArrayKey("flags"), Arrays.asList(true, false));
    server.setAttribute(AttributeKey.doubleArrayKey("ratios"), Arrays.asList(0.5, -1.5));
    server.recordException(new IllegalStateException("no stock"));
    server.addEvent("retry", Attributes.of(AttributeKey.longKey("attempt"), 2L));
    server.setStatus(StatusCode.ERROR, "out of stock");
    Span client = tracer.spanBuilder("SELECT shop.items").setSpanKind(SpanKind.CLIENT)
        .setParent(Context.root().with(server)).startSpan();
    client.setAttribute("db.query.text", "SELECT * FROM items WHERE id = ?");
    client.setStatus(StatusCode.OK);
    client.end();
    server.end();
    tracer.spanBuilder("publish").setSpanKind(SpanKind.PRODUCER).setNoParent().startSpan().end();
    tracer.spanBuilder("consume").setSpanKind(SpanKind.CONSUMER).startSpan().end();
    tracer.spanBuilder("internal").startSpan().end();
    List<SpanData> batch = spans.getFinishedSpanItems();
    assertThat(batch).hasSize(5);

    ExportTraceServiceRequest ours = ours(batch);
    assertThat(ours).isEqualTo(sdkEncoding(batch));
    assertThat(ours.getResourceSpans(0).getScopeSpans(0).getSpansCount()).isEqualTo(5);
  }

  @Test
  void longAndNonAsciiTextIsLengthPrefixedAndUtf8() throws Exception {
    char[] big = new char[20_000];
    Arrays.fill(big, 'x');
    Span span = provider.get("dev.sonde").spanBuilder("naïve 中文 \uD83D\uDE00").startSpan();
    span.setAttribute("db.query.text", new String(big));
    span.setAttribute("medium", new String(big, 0, 200));
    span.setAttribute("unicode", "é中\uD83D\uDE00");
    span.end();
    List<SpanData> batch = spans.getFinishedSpanItems();

    ExportTraceServiceRequest ours = ours(batch);
    assertThat(ours).isEqualTo(sdkEncoding(batch));
    assertThat(ours.getResourceSpans(0).getScopeSpans(0).getSpans(0).getName())
        .isEqualTo("naïve 中文 \uD83D\uDE00");
  }

  @Test
  void keysOfTheApiAndOfOtherImplementationsAsciiOrNotEncodeAsTheSdkEncodesThem()
      throws Exception {
    AttributeKey<String> foreign = new AttributeKey<String>() {
      @Override
      public String getKey() {
        return "clé.étrangère";
      }

      @Override
      public io.opentelemetry.api.common.AttributeType getType() {
        return io.opentelemetry.api.common.AttributeType.STRING;
      }
    };
    Span span = provider.get("dev.sonde").spanBuilder("keys").startSpan();
    span.setAttribute(AttributeKey.stringKey("http.route"), "/items/{id}");
    span.setAttribute(AttributeKey.stringKey("clé.中文"), "v");
    span.setAttribute(foreign, "w");
    span.end();
    List<SpanData> batch = spans.getFinishedSpanItems();

    ExportTraceServiceRequest ours = ours(batch);

    assertThat(ours).isEqualTo(sdkEncoding(batch));
    assertThat(ours.getResourceSpans(0).getScopeSpans(0).getSpans(0).getAttributesList())
        .extracting(io.opentelemetry.proto.common.v1.KeyValue::getKey)
        .containsExactly("http.route", "clé.中文", "clé.étrangère");
  }

  @Test
  void aLoneSurrogateIsWrittenAsAQuestionMarkAsTheJdkEncodesIt() throws Exception {
    provider.get("dev.sonde").spanBuilder("a\uD800b\uDC00").startSpan().end();

    ExportTraceServiceRequest ours = ours(spans.getFinishedSpanItems());

    assertThat(ours.getResourceSpans(0).getScopeSpans(0).getSpans(0).getName()).isEqualTo("a?b?");
  }

  @Test
  void theAgentsOwnSpansWithTheirNumericIdsEncodeAsTheSdkEncodesThem() throws Exception {
    List<SpanData> ended = new CopyOnWriteArrayList<>();
    SpanExport<SpanData> capturing = new SpanExport<SpanData>() {
      @Override
      public SpanData prepare(SpanData span) {
        ended.add(span);
        return span;
      }

      @Override
      public ExportFailure send(List<SpanData> batch) {
        return null;
      }

      @Override
      public void shutdown() {}
    };
    CollectorRegistry registry = new CollectorRegistry(true);
    CompactTracer tracer = new CompactTracer(RESOURCE, InstrumentationScopeInfo.create("dev.sonde"),
        1.0, new SpanQueue<>(capturing, 16, 16, 60_000, 1000,
            StripedCounter.build("dropped", "d").register(registry).labels(),
            StripedCounter.build("failed", "f").register(registry).labels(), new ExportStatus()));
    Span server = tracer.spanBuilder("GET /orders/{id}").setSpanKind(SpanKind.SERVER).startSpan();
    Span query = tracer.spanBuilder("SELECT shop.items").setSpanKind(SpanKind.CLIENT)
        .setParent(Context.root().with(server)).startSpan();
    query.setAttribute("db.query.text", "SELECT * FROM items WHERE id = ?");
    query.end();
    server.end();
    tracer.shutdown();

    ExportTraceServiceRequest ours = ours(ended);

    assertThat(ours).isEqualTo(sdkEncoding(ended));
    assertThat(ours.getResourceSpans(0).getScopeSpans(0).getSpans(0).getParentSpanId())
        .isEqualTo(ours.getResourceSpans(0).getScopeSpans(0).getSpans(1).getSpanId());
  }

  @Test
  void anEmptyBatchIsAnEmptyRequest() throws Exception {
    assertThat(ours(Collections.emptyList())).isEqualTo(
        ExportTraceServiceRequest.getDefaultInstance());
  }
}

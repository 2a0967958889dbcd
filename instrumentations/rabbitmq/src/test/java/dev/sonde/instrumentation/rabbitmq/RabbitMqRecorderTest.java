package dev.sonde.instrumentation.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.instrumentation.api.health.Dependencies;
import dev.sonde.instrumentation.api.health.DependencyWindow;
import dev.sonde.instrumentation.api.metrics.Metrics;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.prometheus.client.CollectorRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the advice reports, without a broker: these spans, these series, these headers. */
class RabbitMqRecorderTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final Tracer tracer = SdkTracerProvider.builder()
      .addSpanProcessor(SimpleSpanProcessor.create(spans)).build().get("test");
  private final CollectorRegistry registry = new CollectorRegistry(true);
  private final Dependencies dependencies = new Dependencies(true, 60_000);
  private final RabbitMqRecorder recorder =
      new RabbitMqRecorder(tracer, new Metrics(registry, new double[] {0.1, 1}, 100),
          dependencies);

  private double sample(String name, String[] labels, String[] values) {
    Double value = registry.getSampleValue(name, labels, values);
    return value == null ? 0 : value;
  }

  private double published(String exchange, String outcome) {
    return sample("rabbitmq_messages_published_total", new String[] {"exchange", "outcome"},
        new String[] {exchange, outcome});
  }

  private double consumed(String queue, String outcome) {
    return sample("rabbitmq_messages_consumed_total", new String[] {"queue", "outcome"},
        new String[] {queue, outcome});
  }

  @Test
  void publishOutsideASpanCountsAndChangesNothing() {
    Object scope = recorder.publishStart(new Object(), "", "rk", null, 3);
    assertThat(recorder.publishHeaders(scope)).isNull();
    recorder.publishEnd(scope, null);
    assertThat(published("amq.default", "success")).isEqualTo(1);
    assertThat(spans.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void publishInASpanIsAProducerSpanWhoseContextGoesInTheHeaders() {
    Span request = tracer.spanBuilder("GET /x").startSpan();
    Map<String, Object> app = Map.of("app", "kept");
    Map<String, Object> headers;
    try (Scope ignored = request.makeCurrent()) {
      Object scope = recorder.publishStart(new Object(), "orders", "order.created", app, 12);
      headers = recorder.publishHeaders(scope);
      recorder.publishEnd(scope, null);
    }
    request.end();
    SpanData producer = spans.getFinishedSpanItems().get(0);
    assertThat(producer.getName()).isEqualTo("publish orders");
    assertThat(producer.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(producer.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    Map<String, Object> attributes = new HashMap<>();
    producer.getAttributes().forEach((k, v) -> attributes.put(k.getKey(), v));
    assertThat(attributes).containsEntry("messaging.system", "rabbitmq")
        .containsEntry("messaging.operation.type", "send")
        .containsEntry("messaging.operation.name", "publish")
        .containsEntry("messaging.destination.name", "orders")
        .containsEntry("messaging.rabbitmq.destination.routing_key", "order.created")
        .containsEntry("messaging.message.body.size", 12L);
    assertThat(headers).containsEntry("app", "kept").containsEntry("traceparent",
        "00-" + producer.getTraceId() + "-" + producer.getSpanId() + "-"
        + producer.getSpanContext().getTraceFlags().asHex());
    assertThat(published("orders", "success")).isEqualTo(1);
  }

  @Test
  void failedPublishIsAnErrorEverywhere() {
    Span request = tracer.spanBuilder("GET /x").startSpan();
    try (Scope ignored = request.makeCurrent()) {
      Object scope = recorder.publishStart(null, "orders", "k", null, 0);
      recorder.publishEnd(scope, new java.io.IOException("closed"));
    }
    assertThat(spans.getFinishedSpanItems().get(0).getStatus().getStatusCode())
        .isEqualTo(StatusCode.ERROR);
    assertThat(published("orders", "error")).isEqualTo(1);
    assertThat(sample("errors_total", new String[] {"error_type", "component"},
        new String[] {"java.io.IOException", "rabbitmq"})).isEqualTo(1);
  }

  @Test
  void publishesCountInTheBrokersHealthWindowDeliveriesDoNot() {
    Object channel = new Object();
    for (int i = 0; i < 3; i++) {
      recorder.publishEnd(recorder.publishStart(channel, "", "rk", null, 1), null);
    }
    recorder.publishEnd(recorder.publishStart(channel, "orders", "rk", null, 1),
        new java.io.IOException("connection closed"));
    recorder.deliveryEnd(recorder.deliveryStart(new Object(), "t", "k", 1, null, 0),
        new IllegalStateException("the consumer's own bug"));

    // The channel's broker cannot be read off a plain Object: its window is the unknown one.
    assertThat(dependencies.endpoints()).singleElement().satisfies(broker -> {
      assertThat(broker.type()).isEqualTo("rabbitmq");
      assertThat(broker.endpoint()).isEqualTo(Dependencies.UNKNOWN);
      DependencyWindow.Snapshot calls = broker.snapshot(System.nanoTime());
      assertThat(calls.calls).isEqualTo(4);
      assertThat(calls.errors).isEqualTo(1);
      assertThat(calls.timedCalls).as("publishes are counted, not timed").isZero();
      assertThat(calls.lastCallFailed).isTrue();
    });
  }

  @Test
  void deliveryIsAConsumerSpanChildOfTheMessageAndCurrentWhileHandled() {
    Object consumer = new Object();
    recorder.consumerRegistered(consumer, "orders", "ctag");
    Map<String, Object> headers =
        Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    Object scope = recorder.deliveryStart(consumer, "ctag", "order.created", 7, headers, 5);
    String current = Span.current().getSpanContext().getSpanId();
    recorder.deliveryEnd(scope, null);
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
    SpanData delivery = spans.getFinishedSpanItems().get(0);
    assertThat(delivery.getSpanId()).isEqualTo(current);
    assertThat(delivery.getName()).isEqualTo("process orders");
    assertThat(delivery.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(delivery.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(delivery.getParentSpanId()).isEqualTo("b7ad6b7169203331");
    assertThat(delivery.getAttributes().asMap().toString())
        .contains("messaging.rabbitmq.message.delivery_tag=7");
    assertThat(consumed("orders", "success")).isEqualTo(1);
    assertThat(sample("rabbitmq_message_processing_duration_seconds_count",
        new String[] {"queue"}, new String[] {"orders"})).isEqualTo(1);
  }

  @Test
  void deliveryWithoutContextIsARootSpanAndAThrowingConsumerAnError() {
    Span stale = tracer.spanBuilder("stale").startSpan();
    try (Scope ignored = stale.makeCurrent()) {
      Object scope = recorder.deliveryStart(new Object(), "t", "k", 1, null, 0);
      recorder.deliveryEnd(scope, new IllegalStateException("boom"));
    }
    SpanData delivery = spans.getFinishedSpanItems().get(0);
    assertThat(delivery.getParentSpanContext().isValid()).isFalse();
    assertThat(delivery.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(delivery.getEvents()).extracting("name").contains("exception");
    assertThat(consumed("_unknown", "error")).isEqualTo(1);
  }

  @Test
  void aNestedConsumerNamesTheQueueOfItsWrapper() {
    Object inner = new Object();
    recorder.consumerRegistered(inner, "orders", "t");
    Object scope = recorder.deliveryStart(new Object(), "t", "k", 1, null, 0);
    recorder.nestedDelivery(inner, "t");
    recorder.deliveryEnd(scope, null);
    assertThat(spans.getFinishedSpanItems().get(0).getName()).isEqualTo("process orders");
    assertThat(consumed("orders", "success")).isEqualTo(1);
  }

  @Test
  void basicGetAndDeclareSetTheDepth() {
    recorder.received("polled", "k", 1, null, 2, 4);
    recorder.queueDepth("depth", 9);
    recorder.queueDepth("amq.gen-abc", 1);
    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished).extracting(SpanData::getName).containsExactly("receive polled");
    assertThat(consumed("polled", "success")).isEqualTo(1);
    String[] label = {"queue_name"};
    assertThat(sample("queue_messages_total", label, new String[] {"polled"})).isEqualTo(4);
    assertThat(sample("queue_messages_total", label, new String[] {"depth"})).isEqualTo(9);
    assertThat(sample("queue_messages_total", label, new String[] {"amq.gen-{id}"})).isEqualTo(1);
  }
}

package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.Jdk;
import dev.sonde.smoke.harness.LogLine;
import dev.sonde.smoke.harness.MetricsScrape;
import dev.sonde.smoke.harness.OtlpReceiver;
import dev.sonde.smoke.harness.RabbitMqServer;
import dev.sonde.smoke.harness.RabbitMqServer.QueueState;
import dev.sonde.smoke.harness.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RabbitMQ, once per installed JDK: amqp-client 5 against a real broker, across two JVMs that
 * export to one OTLP receiver. The front app (on the JDK's {@code HttpServer}, so every request is
 * a SERVER span) publishes on request and consumes orders (a {@code DefaultConsumer} subclass),
 * invoices (a {@code DeliverCallback} lambda) and failing (throws on {@code boom}); the shipping
 * app, a second JVM, consumes shipments, which the exchange {@code shipping} routes to.
 *
 * <p>A publish while a span is current is one PRODUCER span under it, whose context travels in the
 * message headers; each delivery is one CONSUMER span whose parent is that PRODUCER span, whichever
 * JVM consumes it, current while the consumer runs (its log lines carry the trace). Every publish,
 * delivery and {@code basicGet} is counted; the queue depth is what the broker last told the app.
 *
 * <p>The broker starts once for the class (6–8 s); each JDK's apps get a virtual host of their own
 * (and the app run without the agent another one), so counts never mix. The apps wait at start-up
 * for their virtual host, which is created only once both agents are up: the consumers they
 * subscribe at start-up are subscribed under the agent (the agent's background start takes a
 * second or more; a {@code basicConsume} before it is not seen, and its deliveries would not be
 * named after their queue).
 */
@ParameterizedClass(name = "RabbitMQ on {0}")
@MethodSource("dev.sonde.smoke.harness.Jdks#available")
class RabbitMqIT {

  static final String PUBLISHED = "rabbitmq_messages_published_total";
  static final String CONSUMED = "rabbitmq_messages_consumed_total";
  static final String PROCESSING_COUNT = "rabbitmq_message_processing_duration_seconds_count";
  static final String DEPTH = "queue_messages_total";
  static final String CONSUMER_EXCEPTION = "java.lang.IllegalStateException";

  private static RabbitMqServer broker;
  private static OtlpReceiver receiver;
  private static AgentApp front;
  private static AgentApp shipping;
  private static String vhost;

  /** The JDK of this invocation; both apps run on it. */
  @Parameter
  Jdk jdk;

  @BeforeParameterizedClassInvocation
  static void startTheBrokerOnceAndBothAppsWithTheAgent(Jdk jdk) {
    if (broker == null) {
      broker = RabbitMqServer.start();
    }
    vhost = "jdk" + jdk.version().split("\\.")[0];
    front = null;
    shipping = null;
    receiver = OtlpReceiver.start();
    // The apps wait at start-up for their vhost, created once both agents are up: the consumers
    // they subscribe at start-up (basicConsume) are then subscribed under the agent, which learns
    // each consumer's queue there.
    List<AgentApp> apps = AgentApp.startOnceTheAgentsAreUp(() -> broker.addVhost(vhost),
        RabbitMqApps.app(RabbitMqApps.FRONT, broker, vhost).on(jdk)
            .serviceName("rabbitmq-front").exportingTo(receiver),
        RabbitMqApps.app(RabbitMqApps.SHIPPING, broker, vhost).on(jdk)
            .serviceName("rabbitmq-shipping").exportingTo(receiver));
    front = apps.get(0);
    shipping = apps.get(1);
  }

  @AfterParameterizedClassInvocation
  static void stopTheApps() {
    Fixtures.closeAll(front, shipping, receiver);
  }

  @AfterAll
  static void stopTheBroker() {
    Fixtures.closeAll(broker);
    broker = null;
  }

  // ---------------------------------------------------------------- publishing

  @Test
  void aPublishToTheDefaultExchangeIsOneProducerSpanUnderTheRequestsServerSpan() {
    String body = unique("order");

    TracedRequest request = publish("/publish/orders?body=" + body, 1);

    assertThat(request.body()).isEqualTo("published 1 to orders");
    ReceivedSpan publish = request.onlyCall();
    assertThat(publish.name()).isEqualTo("publish amq.default");
    assertThat(publish.statusCode()).isNotEqualTo(StatusCode.STATUS_CODE_ERROR);
    assertThat(publish.attributes())
        .satisfies(onTheBroker())
        .containsEntry("messaging.operation.type", "send")
        .containsEntry("messaging.destination.name", "amq.default")
        .containsEntry("messaging.rabbitmq.destination.routing_key", "orders")
        .containsEntry("messaging.message.body.size", (long) body.length());
    awaitDelivered(publish);
  }

  @Test
  void aPublishToANamedExchangeIsNamedAfterTheExchangeAndCarriesItsRoutingKey() {
    String body = unique("parcel");

    TracedRequest request = publish("/publish-exchange?body=" + body, 1);

    assertThat(request.body()).isEqualTo("published to shipping with routing key shipment.created");
    ReceivedSpan publish = request.onlyCall();
    assertThat(publish.name()).isEqualTo("publish shipping");
    assertThat(publish.attributes())
        .satisfies(onTheBroker())
        .containsEntry("messaging.operation.type", "send")
        .containsEntry("messaging.destination.name", "shipping")
        .containsEntry("messaging.rabbitmq.destination.routing_key", "shipment.created")
        .containsEntry("messaging.message.body.size", (long) body.length());
    awaitDelivered(publish);
  }

  // ---------------------------------------------------------------- consuming, one trace

  @Test
  void theOrdersConsumerProcessesTheMessageInTheProducersTraceWithItsLogLineInIt() {
    String body = unique("order");

    TracedRequest request = publish("/publish/orders?body=" + body, 1);
    ReceivedSpan publish = request.onlyCall();
    ReceivedSpan process = awaitConsumerSpan("process orders", publish);

    assertThat(process.resource()).containsEntry("service.name", "rabbitmq-front");
    assertThat(process.traceId()).isEqualTo(request.server().traceId());
    assertThat(process.statusCode()).isNotEqualTo(StatusCode.STATUS_CODE_ERROR);
    assertThat(process.attributes())
        .containsEntry("messaging.system", "rabbitmq")
        .containsEntry("messaging.operation.type", "process")
        .containsEntry("messaging.destination.name", "orders");
    LogLine consumed = front.awaitLogMessage("consumed order " + body);
    assertThat(consumed.traceId()).isEqualTo(request.server().traceId());
    assertThat(consumed.spanId()).as("the delivery's span is current in handleDelivery")
        .isEqualTo(process.spanId());
    // amqp-client hands the delivery to a wrapper of its own (automatic recovery), which calls
    // OrderConsumer: still one span.
    assertOnlyOneDeliverySpan(publish, "/publish/orders?body=" + unique("barrier"), "process orders");
  }

  @Test
  void aDeliverCallbackLambdaProcessesTheMessageInTheProducersTraceToo() {
    String body = unique("invoice");

    TracedRequest request = publish("/publish/invoices?body=" + body, 1);
    ReceivedSpan process = awaitConsumerSpan("process invoices", request.onlyCall());

    assertThat(process.traceId()).isEqualTo(request.server().traceId());
    assertThat(process.attributes())
        .containsEntry("messaging.operation.type", "process")
        .containsEntry("messaging.destination.name", "invoices");
    LogLine invoiced = front.awaitLogMessage("invoiced " + body);
    assertThat(invoiced.traceId()).isEqualTo(request.server().traceId());
    assertThat(invoiced.spanId()).isEqualTo(process.spanId());
  }

  @Test
  void theConsumerInTheSecondJvmContinuesTheSameTrace() {
    String body = unique("parcel");
    MetricsScrape before = shipping.scrape();

    TracedRequest request = publish("/publish-exchange?body=" + body, 1);
    ReceivedSpan publish = request.onlyCall();
    ReceivedSpan process = awaitConsumerSpan("process shipments", publish);

    assertThat(publish.resource()).containsEntry("service.name", "rabbitmq-front");
    assertThat(process.resource()).as("exported by the second JVM")
        .containsEntry("service.name", "rabbitmq-shipping");
    assertThat(process.traceId()).isEqualTo(request.server().traceId());
    assertThat(process.attributes())
        .containsEntry("messaging.system", "rabbitmq")
        .containsEntry("messaging.operation.type", "process")
        .containsEntry("messaging.destination.name", "shipments");
    LogLine shipped = shipping.awaitLogMessage("shipped " + body);
    assertThat(shipped.traceId()).isEqualTo(request.server().traceId());
    assertThat(shipped.spanId()).isEqualTo(process.spanId());
    assertThat(shipping.get("/received/shipments?body=" + body).body())
        .contains("app-header=keep-me\n");
    awaitScrape(shipping, "shipments consumed + 1, processed + 1, on the second JVM's scrape",
        scrape -> {
          assertThat(scrape.value(CONSUMED, consumed("shipments", "success")))
              .isEqualTo(before.valueOrZero(CONSUMED, consumed("shipments", "success")) + 1);
          assertThat(scrape.value(PROCESSING_COUNT, Map.of("queue", "shipments")))
              .isEqualTo(before.valueOrZero(PROCESSING_COUNT, Map.of("queue", "shipments")) + 1);
        });
    assertOnlyOneDeliverySpan(publish, "/publish-exchange?body=" + unique("barrier"),
        "process shipments");
  }

  // ---------------------------------------------------------------- the app's headers

  @ParameterizedTest(name = "properties: {0}")
  @ValueSource(strings = {"headers", "immutable", "null"})
  void theAppsHeadersArriveUnchangedAlongsideTheTraceContextWhateverPropertiesItPublishes(
      String props) {
    // headers: a HashMap; immutable: Map.of(...), which the agent must not write into; null: no
    // properties at all, which the agent must not turn into a failure.
    String body = unique("order-" + props);

    TracedRequest request = publish("/publish/orders?props=" + props + "&body=" + body, 1);

    assertThat(request.body()).as("the publish succeeded").isEqualTo("published 1 to orders");
    ReceivedSpan publish = request.onlyCall();
    ReceivedSpan process = awaitConsumerSpan("process orders", publish);
    assertThat(process.traceId()).isEqualTo(request.server().traceId());
    front.awaitLogMessage("consumed order " + body);
    String received = front.get("/received/orders?body=" + body).body();
    String traceparent = "traceparent=00-" + publish.traceId() + "-" + publish.spanId() + "-01\n";
    if (props.equals("null")) {
      assertThat(received).as("headers the consumer got").isEqualTo(traceparent);
    } else {
      assertThat(received).as("headers the consumer got")
          .isEqualTo("app-header=keep-me\n" + traceparent);
    }
  }

  // ---------------------------------------------------------------- metrics

  @Test
  void everyPublishAndEveryDeliveryIsCountedAndTimedByExchangeAndQueue() {
    String body = unique("bulk");
    Map<String, String> published = Map.of("exchange", "amq.default", "outcome", "success");
    Map<String, String> consumedOrders = consumed("orders", "success");
    Map<String, String> timedOrders = Map.of("queue", "orders");
    MetricsScrape before = front.scrape();

    assertThat(front.get("/publish/orders?n=5&body=" + body).body()).isEqualTo("published 5 to orders");
    for (int i = 1; i <= 5; i++) {
      front.awaitLogMessage("consumed order " + body + "-" + i);
    }

    awaitScrape(front, "published + 5, orders consumed + 5 and timed 5 times", scrape -> {
      assertThat(scrape.value(PUBLISHED, published))
          .isEqualTo(before.valueOrZero(PUBLISHED, published) + 5);
      assertThat(scrape.value(CONSUMED, consumedOrders))
          .isEqualTo(before.valueOrZero(CONSUMED, consumedOrders) + 5);
      assertThat(scrape.value(PROCESSING_COUNT, timedOrders))
          .isEqualTo(before.valueOrZero(PROCESSING_COUNT, timedOrders) + 5);
    });
    MetricsScrape scrape = front.scrape();
    assertThat(scrape.value("rabbitmq_message_processing_duration_seconds_sum", timedOrders))
        .isPositive();
    assertThat(scrape.value("rabbitmq_message_processing_duration_seconds_bucket",
        Map.of("queue", "orders", "le", "+Inf"))).isEqualTo(scrape.value(PROCESSING_COUNT, timedOrders));
  }

  @Test
  void theQueueDepthIsWhatTheBrokerLastToldTheAppAndBasicGetIsAReceiveSpanInTheProducersTrace() {
    // pending has no consumer, and no other test of this vhost publishes there.
    String body = unique("pending");
    Map<String, String> pending = Map.of("queue_name", "pending");
    Map<String, String> fetched = consumed("pending", "success");
    assertThat(broker.queue(vhost, "pending")).isEqualTo(new QueueState(0, 0, 0));

    TracedRequest publishing = publish("/publish/pending?n=3&body=" + body, 3);
    await("3 messages in pending").atMost(OtlpReceiver.WAIT)
        .until(() -> broker.queue(vhost, "pending"), new QueueState(3, 0, 0)::equals);

    assertThat(front.get("/depth/pending").body()).isEqualTo("messages 3 consumers 0");
    awaitScrape(front, "queue_messages_total{pending} = the broker's 3, after queueDeclarePassive",
        scrape -> assertThat(scrape.value(DEPTH, pending)).isEqualTo(3));
    MetricsScrape before = front.scrape();

    TracedRequest get = TracedRequest.send(front, receiver, "/get/pending");

    assertThat(get.body()).isEqualTo(body + "-1");
    assertThat(get.calls()).as("the message's own context is the receive span's parent,"
        + " not the request that fetched it").isEmpty();
    ReceivedSpan firstPublish = publishing.calls().get(0);
    ReceivedSpan receive = receiver.awaitSpan("receive pending, child of the first publish",
        s -> s.kind() == SpanKind.SPAN_KIND_CONSUMER && s.parentSpanId().equals(firstPublish.spanId()));
    assertThat(receive.name()).isEqualTo("receive pending");
    assertThat(receive.traceId()).isEqualTo(publishing.server().traceId());
    assertThat(receive.attributes())
        .containsEntry("messaging.system", "rabbitmq")
        .containsEntry("messaging.operation.type", "receive")
        .containsEntry("messaging.destination.name", "pending")
        .containsEntry("messaging.message.body.size", (long) (body + "-1").length());
    assertThat(broker.queue(vhost, "pending")).isEqualTo(new QueueState(2, 0, 0));
    awaitScrape(front, "after basicGet: depth = the broker's 2 remaining, pending consumed + 1",
        scrape -> {
          assertThat(scrape.value(DEPTH, pending)).isEqualTo(2);
          assertThat(scrape.value(CONSUMED, fetched)).isEqualTo(before.valueOrZero(CONSUMED, fetched) + 1);
        });
  }

  @Test
  void routingKeysAreNeverMetricLabels() {
    // A key the exchange has no binding for: the broker drops the message, the publish succeeds.
    String routingKey = unique("unbound.key");
    Map<String, String> published = Map.of("exchange", "shipping", "outcome", "success");
    MetricsScrape before = front.scrape();

    assertThat(front.get("/publish-exchange?routing-key=" + routingKey).body())
        .isEqualTo("published to shipping with routing key " + routingKey);
    String parcel = unique("parcel");
    TracedRequest routed = publish("/publish-exchange?body=" + parcel, 1);

    assertThat(routed.onlyCall().attributes())
        .containsEntry("messaging.rabbitmq.destination.routing_key", "shipment.created");
    awaitDelivered(routed.onlyCall());
    awaitScrape(front, "both publishes counted under their exchange", scrape ->
        assertThat(scrape.value(PUBLISHED, published))
            .isEqualTo(before.valueOrZero(PUBLISHED, published) + 2));
    for (AgentApp app : List.of(front, shipping)) {
      MetricsScrape scrape = app.scrape();
      assertThat(scrape.text()).as("%s's scrape", app.serviceName())
          .doesNotContain(routingKey)
          .doesNotContain("shipment.created");
      assertThat(scrape.labelSets(PUBLISHED))
          .allSatisfy(labels -> assertThat(labels).containsOnlyKeys("exchange", "outcome"));
      assertThat(scrape.labelSets(CONSUMED))
          .allSatisfy(labels -> assertThat(labels).containsOnlyKeys("queue", "outcome"));
      assertThat(scrape.labelSets(PROCESSING_COUNT))
          .allSatisfy(labels -> assertThat(labels).containsOnlyKeys("queue"));
      assertThat(scrape.labelSets(DEPTH))
          .allSatisfy(labels -> assertThat(labels).containsOnlyKeys("queue_name"));
    }
  }

  // ---------------------------------------------------------------- a consumer that throws

  @Test
  void aConsumerThatThrowsIsAnErrorWhileTheBrokerSeesWhatItSeesWithoutTheAgent() {
    String plainVhost = vhost + "-plain";
    broker.addVhost(plainVhost);
    Map<String, String> failed = consumed("failing", "error");
    Map<String, String> errors = Map.of("error_type", CONSUMER_EXCEPTION, "component", "rabbitmq");
    try (AgentApp withoutAgent =
        RabbitMqApps.app(RabbitMqApps.FRONT, broker, plainVhost).on(jdk).withoutAgent().start()) {
      MetricsScrape before = front.scrape();

      TracedRequest boom = publish("/publish/failing?body=boom", 1);
      assertThat(withoutAgent.get("/publish/failing?body=boom").body())
          .isEqualTo("published 1 to failing");

      // Without the agent: amqp-client closes the consumer's channel; the broker requeues boom.
      await("without the agent: boom ready again, no consumer").atMost(OtlpReceiver.WAIT)
          .until(() -> broker.queue(plainVhost, "failing"), new QueueState(1, 0, 0)::equals);
      QueueState plain = broker.queue(plainVhost, "failing");
      await("with the agent: the same").atMost(OtlpReceiver.WAIT)
          .until(() -> broker.queue(vhost, "failing"), plain::equals);
      assertThat(front.get("/consumer/failing").body()).isEqualTo("closed")
          .isEqualTo(withoutAgent.get("/consumer/failing").body());

      ReceivedSpan process = awaitConsumerSpan("process failing", boom.onlyCall());
      assertThat(process.statusCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
      assertThat(process.attributes())
          .containsEntry("messaging.destination.name", "failing")
          .containsEntry("error.type", CONSUMER_EXCEPTION);
      assertThat(process.events()).filteredOn(e -> e.name().equals("exception")).singleElement()
          .satisfies(e -> assertThat(e.attributes())
              .containsEntry("exception.type", CONSUMER_EXCEPTION)
              .containsEntry("exception.message", "cannot process boom"));
      awaitScrape(front, "failing consumed error + 1, errors_total{IllegalStateException, rabbitmq} + 1",
          scrape -> {
            assertThat(scrape.value(CONSUMED, failed))
                .isEqualTo(before.valueOrZero(CONSUMED, failed) + 1);
            assertThat(scrape.value("errors_total", errors))
                .isEqualTo(before.valueOrZero("errors_total", errors) + 1);
          });
      assertThat(front.scrape().valueOrZero(CONSUMED, consumed("failing", "success")))
          .isEqualTo(before.valueOrZero(CONSUMED, consumed("failing", "success")));
    }
  }

  // ---------------------------------------------------------------- helpers

  /** GET {@code path} on the front app in a new trace, awaiting its PRODUCER spans. */
  private static TracedRequest publish(String path, int producerSpans) {
    return TracedRequest.send(front, receiver, path, SpanKind.SPAN_KIND_PRODUCER, producerSpans);
  }

  /** The one CONSUMER span named {@code name} whose parent is {@code publish}, awaited. */
  private static ReceivedSpan awaitConsumerSpan(String name, ReceivedSpan publish) {
    ReceivedSpan span = awaitDelivered(publish);
    assertThat(span.name()).as("the name of %s", span).isEqualTo(name);
    return span;
  }

  /**
   * The first CONSUMER span whose parent is {@code publish}, awaited: once it has arrived, the
   * delivery is counted too (the agent counts before it ends the span), so the next test's
   * scrapes do not catch this one's delivery half-way.
   */
  private static ReceivedSpan awaitDelivered(ReceivedSpan publish) {
    return receiver.awaitSpan("a CONSUMER span under " + publish, s ->
        s.kind() == SpanKind.SPAN_KIND_CONSUMER && s.parentSpanId().equals(publish.spanId()));
  }

  /**
   * Proves that {@code publish} has exactly one CONSUMER span: once a second message through the
   * same consumer has its span, every span of the first delivery has arrived (the consumer handles
   * one delivery after the other, and spans are exported in the order they end).
   */
  private static void assertOnlyOneDeliverySpan(ReceivedSpan publish, String barrierPath,
      String name) {
    awaitConsumerSpan(name, publish(barrierPath, 1).onlyCall());
    assertThat(receiver.spans()).as("spans whose parent is %s", publish)
        .filteredOn(s -> s.parentSpanId().equals(publish.spanId())).hasSize(1);
  }

  private static String unique(String prefix) {
    return prefix + "-" + HttpServerSpec.uniqueId();
  }

  private static Map<String, String> consumed(String queue, String outcome) {
    return Map.of("queue", queue, "outcome", outcome);
  }

  /** The attributes every PRODUCER span has. */
  private static ThrowingConsumer<Map<String, Object>> onTheBroker() {
    return attributes -> assertThat(attributes)
        .containsEntry("messaging.system", "rabbitmq")
        .containsEntry("server.address", "127.0.0.1")
        .containsEntry("server.port", (long) broker.port());
  }

  /** Scrapes {@code app} until {@code assertion} holds (at most {@link OtlpReceiver#WAIT}). */
  private static void awaitScrape(AgentApp app, String description,
      Consumer<MetricsScrape> assertion) {
    await(description).atMost(OtlpReceiver.WAIT)
        .untilAsserted(() -> assertion.accept(app.scrape()));
  }
}

package dev.sonde.instrumentation.rabbitmq;

import dev.sonde.bootstrap.rabbitmq.RabbitMqHook;
import dev.sonde.instrumentation.api.health.CoarseClock;
import dev.sonde.instrumentation.api.health.Dependencies;
import dev.sonde.instrumentation.api.metrics.ErrorsMetric;
import dev.sonde.instrumentation.api.metrics.Metrics;
import dev.sonde.instrumentation.api.trace.BoxedLongs;
import dev.sonde.instrumentation.api.trace.LogCorrelation;
import dev.sonde.instrumentation.api.trace.SpanNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.Map;

/**
 * Turns what the amqp-client advice reports into spans (OpenTelemetry messaging conventions),
 * the contract's RabbitMQ metrics, {@code errors_total{component="rabbitmq"}}, and each broker's
 * window for the health checks: publishes, by outcome (their duration would cost two clock
 * readings and an allocation per publish); deliveries are not counted there, since they measure
 * the consumer, not the broker.
 *
 * <ul>
 *   <li>publish: a PRODUCER span, child of the current span, only when one is current; its
 *       context goes out in the message headers. Without a current span: counted, no span, the
 *       message unchanged;
 *   <li>delivery: a CONSUMER span whose parent is the context in the message headers (a root
 *       span without one), current while the consumer runs, so that what it does (queries,
 *       commands, log lines) belongs to it;
 *   <li>{@code basicGet}: a CONSUMER span ended at once; parent from the headers, else the
 *       current span.
 * </ul>
 */
final class RabbitMqRecorder implements RabbitMqHook {

  static final String COMPONENT = "rabbitmq";
  static final int MAX_CONSUMERS = 20_000;
  static final int MAX_CHANNELS = 20_000;

  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  static final AttributeKey<String> OPERATION_TYPE =
      AttributeKey.stringKey("messaging.operation.type");
  static final AttributeKey<String> OPERATION_NAME =
      AttributeKey.stringKey("messaging.operation.name");
  static final AttributeKey<String> DESTINATION =
      AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<String> ROUTING_KEY =
      AttributeKey.stringKey("messaging.rabbitmq.destination.routing_key");
  static final AttributeKey<Long> BODY_SIZE = AttributeKey.longKey("messaging.message.body.size");
  static final AttributeKey<Long> DELIVERY_TAG =
      AttributeKey.longKey("messaging.rabbitmq.message.delivery_tag");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /** The delivery being handled, in its own context: nested consumers may name its queue. */
  private static final ContextKey<Delivery> DELIVERY = ContextKey.named("sonde-rabbitmq-delivery");

  private final Tracer tracer;
  private final RabbitMqMetrics metrics;
  private final ErrorsMetric errors;
  private final ConsumerQueues consumers = new ConsumerQueues(MAX_CONSUMERS);
  private final ChannelEndpoints endpoints;
  private final SpanNames publishNames = new SpanNames("publish");
  private final SpanNames processNames = new SpanNames("process");
  private final SpanNames receiveNames = new SpanNames("receive");

  RabbitMqRecorder(Tracer tracer, Metrics metrics, Dependencies dependencies) {
    this.tracer = tracer;
    this.endpoints = new ChannelEndpoints(MAX_CHANNELS, dependencies);
    this.metrics = metrics.shared("rabbitmq-metrics", new Metrics.Factory<RabbitMqMetrics>() {
      @Override
      public RabbitMqMetrics create(Metrics m) {
        return new RabbitMqMetrics(m);
      }
    });
    this.errors = metrics.errors();
  }

  // ---- publish

  @Override
  public Object publishStart(Object channel, String exchange, String routingKey,
      Map<String, Object> headers, int bodySize) {
    String destination = Labels.exchange(exchange);
    ChannelEndpoints.Endpoint endpoint = endpoints.of(channel);
    ChannelEndpoints.PublishTarget target = endpoint.target(destination);
    Context parent = Context.current();
    if (!Span.fromContext(parent).getSpanContext().isValid()) {
      // Metrics only: the scope is the cached target itself, nothing is allocated.
      return target;
    }
    Span span = tracer.spanBuilder(publishNames.of(destination)).setParent(parent)
        .setSpanKind(SpanKind.PRODUCER).startSpan();
    if (span.isRecording()) {
      span.setAttribute(SYSTEM, COMPONENT);
      span.setAttribute(OPERATION_TYPE, "send");
      span.setAttribute(OPERATION_NAME, "publish");
      span.setAttribute(DESTINATION, destination);
      if (routingKey != null) {
        span.setAttribute(ROUTING_KEY, routingKey);
      }
      span.setAttribute(BODY_SIZE, BoxedLongs.of(bodySize));
      if (endpoint.host != null) {
        span.setAttribute(SERVER_ADDRESS, endpoint.host);
        if (endpoint.port > 0) {
          span.setAttribute(SERVER_PORT, BoxedLongs.of(endpoint.port));
        }
      }
    }
    return new Publish(target, span, parent.with(span), headers);
  }

  @Override
  public Map<String, Object> publishHeaders(Object scope) {
    if (!(scope instanceof Publish)) {
      return null;
    }
    Publish publish = (Publish) scope;
    return MessageHeaders.inject(publish.appHeaders, publish.context);
  }

  @Override
  public void publishEnd(Object scope, Throwable error) {
    Publish publish = scope instanceof Publish ? (Publish) scope : null;
    ChannelEndpoints.PublishTarget target = publish != null ? publish.target
        : (ChannelEndpoints.PublishTarget) scope;
    metrics.published(target.exchange, error == null);
    target.broker.record(CoarseClock.nanoTime(), -1, error != null);
    if (error != null) {
      errors.record(error, COMPONENT);
    }
    if (publish != null) {
      end(publish.span, error);
    }
  }

  // ---- consume

  @Override
  public void consumerRegistered(Object consumer, String queue, String consumerTag) {
    consumers.register(consumer, queue, consumerTag);
  }

  @Override
  public Object deliveryStart(Object consumer, String consumerTag, String routingKey,
      long deliveryTag, Map<String, Object> headers, int bodySize) {
    long startNanos = System.nanoTime();
    String queue = consumers.queueOf(consumer, consumerTag);
    // A delivery starts from its message, never from whatever the consumer thread holds.
    Context parent = MessageHeaders.extract(Context.root(), headers);
    Span span = tracer.spanBuilder(queue == null ? "process" : processNames.of(queue))
        .setParent(parent).setSpanKind(SpanKind.CONSUMER).startSpan();
    if (span.isRecording()) {
      span.setAttribute(SYSTEM, COMPONENT);
      span.setAttribute(OPERATION_TYPE, "process");
      span.setAttribute(OPERATION_NAME, "process");
      if (queue != null) {
        span.setAttribute(DESTINATION, queue);
      }
      if (routingKey != null) {
        span.setAttribute(ROUTING_KEY, routingKey);
      }
      span.setAttribute(BODY_SIZE, BoxedLongs.of(bodySize));
      if (deliveryTag >= 0) {
        span.setAttribute(DELIVERY_TAG, deliveryTag);
      }
    }
    Delivery delivery = new Delivery(span, queue, startNanos);
    delivery.scope = LogCorrelation.withFields(parent.with(span).with(DELIVERY, delivery), span,
        null).makeCurrent();
    return delivery;
  }

  @Override
  public void nestedDelivery(Object consumer, String consumerTag) {
    Delivery outer = Context.current().get(DELIVERY);
    if (outer == null || outer.queue != null) {
      return;
    }
    // The outer consumer wraps the one the application registered (an observation wrapper, a
    // framework's adapter): that one names the queue.
    String queue = consumers.queueOf(consumer, consumerTag);
    if (queue != null) {
      outer.queue = queue;
      if (outer.span.isRecording()) {
        outer.span.updateName(processNames.of(queue));
        outer.span.setAttribute(DESTINATION, queue);
      }
    }
  }

  @Override
  public void deliveryEnd(Object scope, Throwable error) {
    Delivery delivery = (Delivery) scope;
    delivery.scope.close();
    String queue = Labels.queue(delivery.queue);
    metrics.processed(queue, System.nanoTime() - delivery.startNanos);
    metrics.consumed(queue, error == null);
    if (error != null) {
      errors.record(error, COMPONENT);
    }
    end(delivery.span, error);
  }

  // ---- basicGet, queue depth

  @Override
  public void received(String queue, String routingKey, long deliveryTag,
      Map<String, Object> headers, int bodySize, long messageCount) {
    String label = Labels.queue(queue);
    Context parent = MessageHeaders.extract(Context.current(), headers);
    Span span = tracer.spanBuilder(queue == null || queue.isEmpty() ? "receive"
        : receiveNames.of(queue)).setParent(parent).setSpanKind(SpanKind.CONSUMER).startSpan();
    if (span.isRecording()) {
      span.setAttribute(SYSTEM, COMPONENT);
      span.setAttribute(OPERATION_TYPE, "receive");
      span.setAttribute(OPERATION_NAME, "receive");
      if (queue != null && !queue.isEmpty()) {
        span.setAttribute(DESTINATION, queue);
      }
      if (routingKey != null) {
        span.setAttribute(ROUTING_KEY, routingKey);
      }
      span.setAttribute(BODY_SIZE, BoxedLongs.of(bodySize));
      if (deliveryTag >= 0) {
        span.setAttribute(DELIVERY_TAG, deliveryTag);
      }
    }
    span.end();
    metrics.consumed(label, true);
    if (messageCount >= 0) {
      metrics.depth(label, messageCount);
    }
  }

  @Override
  public void queueDepth(String queue, long messageCount) {
    if (queue != null && !queue.isEmpty() && messageCount >= 0) {
      metrics.depth(Labels.queue(queue), messageCount);
    }
  }

  private static void end(Span span, Throwable error) {
    if (error != null && span.isRecording()) {
      span.recordException(error);
      span.setAttribute(ERROR_TYPE, error.getClass().getName());
      span.setStatus(StatusCode.ERROR);
    }
    span.end();
  }

  /** A publish under a current span. */
  static final class Publish {
    final ChannelEndpoints.PublishTarget target;
    final Span span;
    final Context context;
    final Map<String, Object> appHeaders;

    Publish(ChannelEndpoints.PublishTarget target, Span span, Context context,
        Map<String, Object> appHeaders) {
      this.target = target;
      this.span = span;
      this.context = context;
      this.appHeaders = appHeaders;
    }
  }

  /** A delivery being handled: its span is current on the consumer's thread. */
  static final class Delivery {
    final Span span;
    final long startNanos;
    volatile String queue;
    Scope scope;

    Delivery(Span span, String queue, long startNanos) {
      this.span = span;
      this.queue = queue;
      this.startNanos = startNanos;
    }
  }
}

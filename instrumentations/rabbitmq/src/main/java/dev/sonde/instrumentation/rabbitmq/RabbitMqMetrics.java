package dev.sonde.instrumentation.rabbitmq;

import dev.sonde.instrumentation.api.metrics.BoundedSeries;
import dev.sonde.instrumentation.api.metrics.DurationHistogram;
import dev.sonde.instrumentation.api.metrics.Metrics;
import dev.sonde.instrumentation.api.metrics.StripedCounter;
import dev.sonde.instrumentation.api.metrics.StripedGauge;

/** The contract's RabbitMQ metrics. */
final class RabbitMqMetrics {

  static final String SUCCESS = "success";
  static final String ERROR = "error";

  private final BoundedSeries<StripedCounter.Child> published;
  private final BoundedSeries<StripedCounter.Child> consumed;
  private final BoundedSeries<DurationHistogram.Child> processing;
  private final BoundedSeries<StripedGauge.Child> depth;

  RabbitMqMetrics(Metrics metrics) {
    published = metrics.register(StripedCounter.build("rabbitmq_messages_published_total",
            "Messages published, by exchange (amq.default for the default one) and outcome.")
        .labelNames("exchange", "outcome").create(), "rabbitmq_messages_published_total", 2);
    consumed = metrics.register(StripedCounter.build("rabbitmq_messages_consumed_total",
            "Messages delivered to consumers or fetched with basicGet, by queue and outcome.")
        .labelNames("queue", "outcome").create(), "rabbitmq_messages_consumed_total", 2);
    processing = metrics.register(DurationHistogram.build(
            "rabbitmq_message_processing_duration_seconds",
            "Time consumers spent in handleDelivery, by queue.")
        .labelNames("queue").buckets(metrics.durationBuckets()).create(),
        "rabbitmq_message_processing_duration_seconds", 1);
    depth = metrics.register(StripedGauge.build("queue_messages_total",
            "Messages ready in a queue, as last reported by the broker to the application "
                + "(queueDeclare, queueDeclarePassive, basicGet).")
        .labelNames("queue_name").create(), "queue_messages_total", 1);
  }

  void published(String exchange, boolean success) {
    published.get(exchange, success ? SUCCESS : ERROR).inc();
  }

  void consumed(String queue, boolean success) {
    consumed.get(queue, success ? SUCCESS : ERROR).inc();
  }

  void processed(String queue, long nanos) {
    processing.get(queue).observeNanos(nanos);
  }

  void depth(String queue, long messages) {
    depth.get(queue).set(messages);
  }
}

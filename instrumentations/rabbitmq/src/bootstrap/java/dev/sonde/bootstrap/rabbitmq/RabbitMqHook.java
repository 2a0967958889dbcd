package dev.sonde.bootstrap.rabbitmq;

import java.util.Map;

/**
 * What RabbitMQ ({@code com.rabbitmq:amqp-client}) advice reports: messages published, deliveries
 * handed to consumers, {@code basicGet} results, and the queue depths the broker tells the client.
 * The advice reads plain values off amqp-client's own types; objects it passes as {@code Object}
 * (a channel, a consumer) are only used as identities or read by the agent through reflection.
 *
 * <p>Scopes returned by the {@code ...Start} methods are opaque: the advice passes each back to
 * the matching {@code ...End} exactly once, on the same thread.
 */
public interface RabbitMqHook {

  /**
   * A message is about to be published on {@code channel}.
   *
   * @param headers the application's headers (may be null or immutable; never changed)
   * @return the publish's scope, or null when nothing is recorded
   */
  Object publishStart(Object channel, String exchange, String routingKey,
      Map<String, Object> headers, int bodySize);

  /**
   * The headers to publish instead of the application's: a new map holding all of them plus the
   * trace context, or null when the message goes out unchanged.
   */
  Map<String, Object> publishHeaders(Object scope);

  /** The publish of {@code scope} returned, or threw {@code error}. */
  void publishEnd(Object scope, Throwable error);

  /** {@code basicConsume} registered {@code consumer} on {@code queue} under {@code consumerTag}. */
  void consumerRegistered(Object consumer, String queue, String consumerTag);

  /**
   * {@code consumer.handleDelivery} starts (the outermost one on this thread): the returned
   * scope's context is current until {@link #deliveryEnd}.
   *
   * @param deliveryTag -1 when unknown
   * @return the delivery's scope, or null when nothing is recorded
   */
  Object deliveryStart(Object consumer, String consumerTag, String routingKey, long deliveryTag,
      Map<String, Object> headers, int bodySize);

  /**
   * A {@code handleDelivery} nested in another one on this thread (a consumer delegating to the
   * one it wraps): not recorded itself, but it may name the queue the outer consumer could not.
   */
  void nestedDelivery(Object consumer, String consumerTag);

  /** The delivery of {@code scope} was handled, or its consumer threw {@code error}. */
  void deliveryEnd(Object scope, Throwable error);

  /**
   * {@code basicGet} on {@code queue} returned a message.
   *
   * @param messageCount the messages the broker says remain in the queue
   */
  void received(String queue, String routingKey, long deliveryTag, Map<String, Object> headers,
      int bodySize, long messageCount);

  /** The broker reported {@code messageCount} messages ready in {@code queue}. */
  void queueDepth(String queue, long messageCount);

  /** Records nothing; the hook in place until the agent has started. */
  RabbitMqHook NOOP = new RabbitMqHook() {
    @Override
    public Object publishStart(Object channel, String exchange, String routingKey,
        Map<String, Object> headers, int bodySize) {
      return null;
    }

    @Override
    public Map<String, Object> publishHeaders(Object scope) {
      return null;
    }

    @Override
    public void publishEnd(Object scope, Throwable error) {}

    @Override
    public void consumerRegistered(Object consumer, String queue, String consumerTag) {}

    @Override
    public Object deliveryStart(Object consumer, String consumerTag, String routingKey,
        long deliveryTag, Map<String, Object> headers, int bodySize) {
      return null;
    }

    @Override
    public void nestedDelivery(Object consumer, String consumerTag) {}

    @Override
    public void deliveryEnd(Object scope, Throwable error) {}

    @Override
    public void received(String queue, String routingKey, long deliveryTag,
        Map<String, Object> headers, int bodySize, long messageCount) {}

    @Override
    public void queueDepth(String queue, long messageCount) {}
  };
}

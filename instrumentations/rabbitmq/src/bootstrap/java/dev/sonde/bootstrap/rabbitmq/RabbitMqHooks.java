package dev.sonde.bootstrap.rabbitmq;

import dev.sonde.bootstrap.CallDepth;

/**
 * What the RabbitMQ advice reaches from the application's class loaders: the hook, set by the
 * RabbitMQ module when it starts (a no-op until then), and the module's call depth kind.
 */
public final class RabbitMqHooks {

  /** RabbitMQ ({@code amqp-client}): publishes, deliveries, {@code basicGet}, queue depths. */
  public static volatile RabbitMqHook hook = RabbitMqHook.NOOP;

  /** Nesting of {@code Consumer.handleDelivery}: a consumer delegating to another. */
  public static final CallDepth DELIVERY_DEPTH = CallDepth.kind("rabbitmq.delivery");

  private RabbitMqHooks() {}
}

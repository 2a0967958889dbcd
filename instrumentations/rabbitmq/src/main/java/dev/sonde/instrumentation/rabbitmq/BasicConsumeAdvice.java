package dev.sonde.instrumentation.rabbitmq;

import dev.sonde.bootstrap.rabbitmq.RabbitMqHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ChannelN.basicConsume(String queue, boolean, String, boolean, boolean, Map,
 * Consumer)}, which every {@code basicConsume} overload calls (with the {@code Consumer} ChannelN
 * wraps a {@code DeliverCallback} in): remembers which queue the consumer reads, under the
 * consumer tag the broker confirmed.
 */
public final class BasicConsumeAdvice {

  private BasicConsumeAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void onExit(@Advice.Argument(0) String queue,
      @Advice.Argument(6) Object consumer, @Advice.Return String consumerTag) {
    RabbitMqHooks.hook.consumerRegistered(consumer, queue, consumerTag);
  }
}

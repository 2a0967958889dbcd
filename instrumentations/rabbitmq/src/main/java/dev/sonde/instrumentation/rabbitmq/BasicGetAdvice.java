package dev.sonde.instrumentation.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import dev.sonde.bootstrap.rabbitmq.RabbitMqHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ChannelN.basicGet(String queue, boolean autoAck)}: a message fetched (a
 * CONSUMER span, the queue's remaining message count), or none ({@code null}: the queue is empty).
 */
public final class BasicGetAdvice {

  private BasicGetAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void onExit(@Advice.Argument(0) String queue,
      @Advice.Return GetResponse response) {
    if (response == null) {
      RabbitMqHooks.hook.queueDepth(queue, 0L);
      return;
    }
    Envelope envelope = response.getEnvelope();
    AMQP.BasicProperties props = response.getProps();
    byte[] body = response.getBody();
    RabbitMqHooks.hook.received(queue, envelope == null ? null : envelope.getRoutingKey(),
        envelope == null ? -1L : envelope.getDeliveryTag(),
        props == null ? null : props.getHeaders(), body == null ? 0 : body.length,
        response.getMessageCount());
  }
}

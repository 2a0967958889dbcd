package dev.sonde.instrumentation.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import dev.sonde.bootstrap.CallDepth;
import dev.sonde.bootstrap.rabbitmq.RabbitMqHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code handleDelivery(String, Envelope, BasicProperties, byte[])} of every
 * {@code Consumer} implementation. Only the outermost call of a thread is a delivery: a consumer
 * that delegates to another (a wrapper, an override calling {@code super}) makes one span. What
 * the consumer throws is left to propagate unchanged.
 */
public final class DeliveryAdvice {

  private DeliveryAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(@Advice.This Object consumer, @Advice.Argument(0) String tag,
      @Advice.Argument(1) Envelope envelope, @Advice.Argument(2) AMQP.BasicProperties props,
      @Advice.Argument(3) byte[] body,
      @Advice.Local("depths") int[] depths) {
    depths = CallDepth.ofThread();
    if (RabbitMqHooks.DELIVERY_DEPTH.enter(depths) != 0) {
      RabbitMqHooks.hook.nestedDelivery(consumer, tag);
      return null;
    }
    return RabbitMqHooks.hook.deliveryStart(consumer, tag,
        envelope == null ? null : envelope.getRoutingKey(),
        envelope == null ? -1L : envelope.getDeliveryTag(),
        props == null ? null : props.getHeaders(), body == null ? 0 : body.length);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Enter Object scope, @Advice.Thrown Throwable error,
      @Advice.Local("depths") int[] depths) {
    RabbitMqHooks.DELIVERY_DEPTH.exit(depths);
    if (scope != null) {
      RabbitMqHooks.hook.deliveryEnd(scope, error);
    }
  }
}

package dev.sonde.instrumentation.rabbitmq;

import com.rabbitmq.client.AMQP;
import dev.sonde.bootstrap.rabbitmq.RabbitMqHook;
import dev.sonde.bootstrap.rabbitmq.RabbitMqHooks;
import java.nio.ByteBuffer;
import java.util.Map;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ChannelN.basicPublish(String, String, boolean, boolean, BasicProperties,
 * ByteBuffer, WriteListener)} of newer amqp-client 5.x lines, where every publish ends (the
 * byte[] overloads included). Same as {@link PublishAdvice}; the body size is what remains in
 * the buffer.
 */
public final class PublishBufferAdvice {

  private PublishBufferAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(@Advice.This Object channel, @Advice.Argument(0) String exchange,
      @Advice.Argument(1) String routingKey,
      @Advice.Argument(value = 4, readOnly = false) AMQP.BasicProperties props,
      @Advice.Argument(5) ByteBuffer body) {
    RabbitMqHook hook = RabbitMqHooks.hook;
    Object scope = hook.publishStart(channel, exchange, routingKey,
        props == null ? null : props.getHeaders(), body == null ? 0 : body.remaining());
    Map<String, Object> headers = hook.publishHeaders(scope);
    if (headers != null) {
      props = (props == null ? new AMQP.BasicProperties.Builder() : props.builder())
          .headers(headers).build();
    }
    return scope;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Enter Object scope, @Advice.Thrown Throwable error) {
    if (scope != null) {
      RabbitMqHooks.hook.publishEnd(scope, error);
    }
  }
}

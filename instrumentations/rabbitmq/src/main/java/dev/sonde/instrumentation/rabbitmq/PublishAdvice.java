package dev.sonde.instrumentation.rabbitmq;

import com.rabbitmq.client.AMQP;
import dev.sonde.bootstrap.rabbitmq.RabbitMqHook;
import dev.sonde.bootstrap.rabbitmq.RabbitMqHooks;
import java.util.Map;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ChannelN.basicPublish(String, String, boolean, boolean, BasicProperties,
 * byte[])}, where the other overloads end (amqp-client 4.x and 5.x before the ByteBuffer
 * overload). When the agent has a trace context to send, the message goes out with new
 * properties: the same ones, with headers that are the application's plus {@code traceparent}
 * (and {@code tracestate}). The application's own properties object is never changed.
 */
public final class PublishAdvice {

  private PublishAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter(@Advice.This Object channel, @Advice.Argument(0) String exchange,
      @Advice.Argument(1) String routingKey,
      @Advice.Argument(value = 4, readOnly = false) AMQP.BasicProperties props,
      @Advice.Argument(5) byte[] body) {
    RabbitMqHook hook = RabbitMqHooks.hook;
    Object scope = hook.publishStart(channel, exchange, routingKey,
        props == null ? null : props.getHeaders(), body == null ? 0 : body.length);
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

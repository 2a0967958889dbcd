package dev.sonde.instrumentation.rabbitmq;

import com.rabbitmq.client.AMQP;
import dev.sonde.bootstrap.rabbitmq.RabbitMqHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ChannelN.queueDeclare(String, …)} (which the no-argument overload calls)
 * and {@code queueDeclarePassive(String)}: the broker's {@code declare-ok} names the queue (a
 * server-named one too) and how many messages are ready in it.
 */
public final class QueueDeclareAdvice {

  private QueueDeclareAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void onExit(@Advice.Return AMQP.Queue.DeclareOk ok) {
    if (ok != null) {
      RabbitMqHooks.hook.queueDepth(ok.getQueue(), ok.getMessageCount());
    }
  }
}

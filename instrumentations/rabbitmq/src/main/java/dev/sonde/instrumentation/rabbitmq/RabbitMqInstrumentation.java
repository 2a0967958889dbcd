package dev.sonde.instrumentation.rabbitmq;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sonde.bootstrap.rabbitmq.RabbitMqHooks;
import dev.sonde.instrumentation.api.InstrumentationModule;
import dev.sonde.instrumentation.api.LibraryShape;
import dev.sonde.instrumentation.api.SuperTypes;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.TypeInstrumentation;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * RabbitMQ's Java client, {@code com.rabbitmq:amqp-client} 4.x and 5.x. Every channel the
 * application gets is, or wraps (the auto-recovering {@code AutorecoveringChannel}), a
 * {@code com.rabbitmq.client.impl.ChannelN}; only ChannelN's own methods are instrumented, so a
 * recovering channel's call makes one span, not two:
 * <ul>
 *   <li>publishing: the {@code basicPublish} overload all others delegate to. In 4.x and older
 *       5.x lines that is
 *       {@code (String, String, boolean, boolean, BasicProperties, byte[])}; newer 5.x lines add
 *       {@code (…, BasicProperties, ByteBuffer, WriteListener)}, which the byte[] one calls, and
 *       where it exists only it is instrumented;
 *   <li>{@code basicConsume(String, boolean, String, boolean, boolean, Map, Consumer)}, the full
 *       overload every other one (the {@code DeliverCallback} ones included, through a
 *       {@code Consumer} ChannelN makes) ends in: which queue each consumer reads;
 *   <li>{@code handleDelivery} of every {@code com.rabbitmq.client.Consumer} implementation;
 *   <li>{@code basicGet}, {@code queueDeclare}, {@code queueDeclarePassive}: their replies carry
 *       the queue's message count.
 * </ul>
 */
public final class RabbitMqInstrumentation implements InstrumentationModule {

  static final String CHANNEL = "com.rabbitmq.client.impl.ChannelN";
  static final String CONSUMER = "com.rabbitmq.client.Consumer";
  static final String ENVELOPE = "com.rabbitmq.client.Envelope";
  static final String PROPERTIES = "com.rabbitmq.client.AMQP$BasicProperties";

  @Override
  public String name() {
    return "rabbitmq";
  }

  @Override
  public LibraryShape shape() {
    return LibraryShape.requires(CHANNEL,
            "basicPublish", "basicConsume", "basicGet", "queueDeclare", "queueDeclarePassive")
        .and(CONSUMER, "handleDelivery")
        .and(ENVELOPE, "getRoutingKey", "getDeliveryTag")
        .and(PROPERTIES, "builder", "getHeaders")
        .and("com.rabbitmq.client.AMQP$BasicProperties$Builder", "headers", "build")
        .and("com.rabbitmq.client.GetResponse", "getEnvelope", "getProps", "getBody",
            "getMessageCount")
        .and("com.rabbitmq.client.AMQP$Queue$DeclareOk", "getQueue", "getMessageCount")
        .and("com.rabbitmq.client.Connection", "getAddress", "getPort");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    ElementMatcher.Junction<TypeDescription> channel = named(CHANNEL);
    ElementMatcher.Junction<MethodDescription> publishBuffer = named("basicPublish")
        .and(takesArguments(7)).and(takesArgument(4, named(PROPERTIES)))
        .and(takesArgument(5, ByteBuffer.class));
    return Arrays.asList(
        // Newer amqp-client 5.x (5.37 has it, 4.12 does not): the ByteBuffer overload, which the
        // byte[] one delegates to.
        TypeInstrumentation.of(channel, publishBuffer.and(not(isBridge())),
            PublishBufferAdvice.class),
        // Older: the byte[] overload is the last one; only where the ByteBuffer one is absent.
        TypeInstrumentation.of(channel.and(not(declaresMethod(publishBuffer))),
            named("basicPublish").and(takesArguments(6)).and(takesArgument(4, named(PROPERTIES)))
                .and(takesArgument(5, byte[].class)).and(not(isBridge())),
            PublishAdvice.class),
        TypeInstrumentation.of(channel,
            named("basicConsume").and(takesArguments(7)).and(takesArgument(0, String.class))
                .and(takesArgument(2, String.class)).and(takesArgument(5, Map.class))
                .and(takesArgument(6, named(CONSUMER))).and(not(isBridge())),
            BasicConsumeAdvice.class),
        TypeInstrumentation.of(channel,
            named("basicGet").and(takesArguments(2)).and(takesArgument(0, String.class))
                .and(not(isBridge())),
            BasicGetAdvice.class),
        TypeInstrumentation.of(channel,
            namedOneOf("queueDeclare", "queueDeclarePassive").and(not(takesArguments(0)))
                .and(takesArgument(0, String.class)).and(not(isBridge())),
            QueueDeclareAdvice.class),
        TypeInstrumentation.of(SuperTypes.implementing(CONSUMER),
            named("handleDelivery").and(takesArguments(4)).and(takesArgument(0, String.class))
                .and(takesArgument(1, named(ENVELOPE))).and(takesArgument(2, named(PROPERTIES)))
                .and(takesArgument(3, byte[].class)).and(not(isAbstract())).and(not(isBridge())),
            DeliveryAdvice.class));
  }

  @Override
  public void start(Telemetry telemetry) {
    RabbitMqHooks.hook = new RabbitMqRecorder(telemetry.tracer(), telemetry.metrics(),
        telemetry.dependencies());
  }
}

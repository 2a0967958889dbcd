package dev.sonde.e2e.app;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Takes the orders {@link OrderServlet} published: logs one line each, then acknowledges. */
final class OrderConsumer extends DefaultConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(OrderConsumer.class);

  OrderConsumer(Channel channel) {
    super(channel);
  }

  @Override
  public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
      byte[] body) throws IOException {
    LOG.info("shipping {}", new String(body, StandardCharsets.UTF_8));
    getChannel().basicAck(envelope.getDeliveryTag(), false);
  }
}

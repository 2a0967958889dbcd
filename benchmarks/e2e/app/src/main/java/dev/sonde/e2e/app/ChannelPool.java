package dev.sonde.e2e.app;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Channels to publish on, one request at a time each: an amqp-client channel must not be shared by
 * threads publishing at once.
 */
final class ChannelPool {

  private final BlockingQueue<Channel> idle;

  ChannelPool(Connection connection, int size) throws IOException {
    idle = new ArrayBlockingQueue<>(size);
    for (int i = 0; i < size; i++) {
      idle.add(connection.createChannel());
    }
  }

  Channel take() throws IOException {
    try {
      return idle.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for a channel", e);
    }
  }

  void give(Channel channel) {
    idle.add(channel);
  }
}

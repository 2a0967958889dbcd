package dev.sonde.instrumentation.rabbitmq;

import dev.sonde.instrumentation.api.cache.WeakKeyMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which queue each consumer object reads, from {@code basicConsume}: held weakly per consumer.
 * A consumer registered on several queues (one object, several {@code basicConsume} calls) is
 * told apart by the consumer tag each delivery carries.
 */
final class ConsumerQueues {

  private final WeakKeyMap<Object, Registration> consumers;

  ConsumerQueues(int maxConsumers) {
    this.consumers = new WeakKeyMap<Object, Registration>(maxConsumers);
  }

  void register(Object consumer, String queue, String consumerTag) {
    if (consumer == null || queue == null) {
      return;
    }
    Registration registration = consumers.get(consumer);
    if (registration == null) {
      consumers.put(consumer, new Registration(queue, consumerTag));
    } else {
      registration.add(queue, consumerTag);
    }
  }

  /** The queue {@code consumer} reads (under {@code consumerTag}), or null when never seen. */
  String queueOf(Object consumer, String consumerTag) {
    Registration registration = consumers.get(consumer);
    return registration == null ? null : registration.queue(consumerTag);
  }

  private static final class Registration {
    private final String queue;
    private final String tag;
    /** Tag to queue, once the consumer is registered on a second queue. */
    private volatile ConcurrentHashMap<String, String> byTag;

    Registration(String queue, String tag) {
      this.queue = queue;
      this.tag = tag;
    }

    synchronized void add(String otherQueue, String otherTag) {
      if (otherQueue.equals(queue) || otherTag == null) {
        return;
      }
      ConcurrentHashMap<String, String> map = byTag;
      if (map == null) {
        map = new ConcurrentHashMap<String, String>();
        if (tag != null) {
          map.put(tag, queue);
        }
      }
      if (map.size() < 64) {
        map.put(otherTag, otherQueue);
      }
      byTag = map;
    }

    String queue(String consumerTag) {
      ConcurrentHashMap<String, String> map = byTag;
      if (map != null && consumerTag != null) {
        String q = map.get(consumerTag);
        if (q != null) {
          return q;
        }
      }
      return queue;
    }
  }
}

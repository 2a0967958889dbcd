package dev.sonde.instrumentation.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsumerQueuesTest {

  @Test
  void remembersTheQueuePerConsumerAndTag() {
    ConsumerQueues queues = new ConsumerQueues(10);
    Object consumer = new Object();
    assertThat(queues.queueOf(consumer, "t1")).isNull();
    queues.register(consumer, "orders", "t1");
    assertThat(queues.queueOf(consumer, "t1")).isEqualTo("orders");
    assertThat(queues.queueOf(consumer, null)).isEqualTo("orders");
    queues.register(consumer, "events", "t2");
    assertThat(queues.queueOf(consumer, "t1")).isEqualTo("orders");
    assertThat(queues.queueOf(consumer, "t2")).isEqualTo("events");
    assertThat(queues.queueOf(new Object(), "t1")).isNull();
  }
}

package dev.sonde.instrumentation.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelsTest {

  @Test
  void defaultExchangeIsAmqDefault() {
    assertThat(Labels.exchange("")).isEqualTo("amq.default");
    assertThat(Labels.exchange(null)).isEqualTo("amq.default");
    assertThat(Labels.exchange("orders")).isEqualTo("orders");
  }

  @Test
  void unknownAndServerNamedQueues() {
    assertThat(Labels.queue(null)).isEqualTo("_unknown");
    assertThat(Labels.queue("")).isEqualTo("_unknown");
    assertThat(Labels.queue("amq.gen-JzTY20BRgKO-HjmUJj0wLg")).isEqualTo("amq.gen-{id}");
    assertThat(Labels.queue("orders")).isEqualTo("orders");
  }
}

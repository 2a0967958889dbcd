package dev.sonde.instrumentation.api.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpanNamesTest {

  @Test
  void aNameIsBuiltOncePerTarget() {
    SpanNames names = new SpanNames("publish");
    String first = names.of("orders");
    assertThat(first).isEqualTo("publish orders");
    assertThat(names.of("orders")).isSameAs(first);
    assertThat(names.of("payments")).isEqualTo("publish payments");
  }

  @Test
  void pastTheBoundNamesAreStillRightButBuiltEachTime() {
    SpanNames names = new SpanNames("GET");
    for (int i = 0; i < 1_000; i++) {
      names.of("/route" + i);
    }
    String first = names.of("/one-too-many");
    assertThat(first).isEqualTo("GET /one-too-many");
    assertThat(names.of("/one-too-many")).isEqualTo(first).isNotSameAs(first);
    assertThat(names.of("/route7")).isSameAs(names.of("/route7"));
  }
}

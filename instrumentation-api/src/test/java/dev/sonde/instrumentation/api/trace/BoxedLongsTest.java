package dev.sonde.instrumentation.api.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoxedLongsTest {

  @Test
  void statusCodesAndPortsAreBoxedOnceAndKeepTheirValues() {
    long[] values = {200, 404, 500, 503, 80, 443, 5432, 5672, 6379, 8080, 3306, 9092};
    for (long value : values) {
      assertThat(BoxedLongs.of(value)).isEqualTo(value);
    }
    for (long value : values) {
      // No two of these share a slot: each is still the box made first.
      assertThat(BoxedLongs.of(value)).isSameAs(BoxedLongs.of(value)).isEqualTo(value);
    }
  }

  @Test
  void valuesSharingASlotEachGetTheirOwnValue() {
    // 7 and 7 + 2^20 land in the same slot, and take it in turn.
    for (long value : new long[] {7, 7 + (1 << 20), 7, 7 + (1 << 20), -1, Long.MAX_VALUE, 0}) {
      assertThat(BoxedLongs.of(value)).isEqualTo(value);
    }
  }
}

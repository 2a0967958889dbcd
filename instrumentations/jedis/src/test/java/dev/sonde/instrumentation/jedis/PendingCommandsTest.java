package dev.sonde.instrumentation.jedis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PendingCommandsTest {

  @Test
  void commandsBeyondTheBoundAreSkippedAndSoAreTheirReplies() {
    PendingCommands pending = new PendingCommands(3);
    for (int i = 0; i < 5; i++) {
      if (pending.hasRoom()) {
        pending.add(null, (byte) i, i);
      }
    }
    assertThat(pending.size()).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      assertThat(pending.pop()).isTrue();
      assertThat(pending.role).isEqualTo((byte) i);
    }
    // The two skipped commands' replies: nothing to end.
    assertThat(pending.pop()).isFalse();
    assertThat(pending.pop()).isFalse();
    // Then recording goes on.
    assertThat(pending.hasRoom()).isTrue();
  }

  @Test
  void itGrowsAndWrapsAroundKeepingTheOrder() {
    PendingCommands pending = new PendingCommands(100);
    int next = 0;
    int expected = 0;
    for (int round = 0; round < 20; round++) {
      for (int i = 0; i < 7; i++) {
        assertThat(pending.hasRoom()).isTrue();
        pending.add(null, (byte) 0, next++);
      }
      for (int i = 0; i < 5; i++) {
        assertThat(pending.pop()).isTrue();
        assertThat(pending.previousDatabase).isEqualTo(expected++);
      }
    }
    assertThat(pending.size()).isEqualTo(40);
    assertThat(pending.clear()).hasSize(40);
    assertThat(pending.size()).isZero();
  }
}

package dev.sonde.e2e.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SliceScheduleTest {

  @Test
  void everyRoundVisitsEverySetupOnce() {
    List<List<Integer>> rounds = SliceSchedule.rounds(50, 3, new Random(1));

    assertThat(rounds).hasSize(50);
    rounds.forEach(round -> assertThat(round).containsExactlyInAnyOrder(0, 1, 2));
  }

  @Test
  void theOrderWithinARoundVaries() {
    List<List<Integer>> rounds = SliceSchedule.rounds(40, 2, new Random(2));

    long baselineFirst = rounds.stream().filter(round -> round.get(0) == 0).count();
    // Fair coin over 40 rounds: both orders occur, neither dominates.
    assertThat(baselineFirst).isBetween(10L, 30L);
  }

  @Test
  void theSameSeedGivesTheSameSchedule() {
    assertThat(SliceSchedule.rounds(20, 2, new Random(3)))
        .isEqualTo(SliceSchedule.rounds(20, 2, new Random(3)));
  }
}

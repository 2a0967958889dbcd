package dev.sonde.e2e.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The order of the interleaved run's slices: round after round, each setup once per round, in an
 * order drawn afresh for each round (so that neither setup always follows the other, and what the
 * first slice of a round inherits, a warm cache or a GC debt, falls on both alike).
 */
final class SliceSchedule {

  private SliceSchedule() {}

  /** For each of {@code rounds} rounds, the setup indices 0..setups-1 in that round's order. */
  static List<List<Integer>> rounds(int rounds, int setups, Random random) {
    List<List<Integer>> schedule = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      List<Integer> order = new ArrayList<>();
      for (int setup = 0; setup < setups; setup++) {
        order.add(setup);
      }
      Collections.shuffle(order, random);
      schedule.add(List.copyOf(order));
    }
    return schedule;
  }
}

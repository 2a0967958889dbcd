package dev.sonde.e2e.load;

/**
 * Which phase the run is in: the generator's main thread moves it on, the workers read it when an
 * exchange completes. Past the last phase, {@link #current()} is {@link #phaseCount()}.
 */
final class PhaseClock {

  private final int phaseCount;
  private volatile int current;

  PhaseClock(int phaseCount) {
    this.phaseCount = phaseCount;
  }

  int phaseCount() {
    return phaseCount;
  }

  int current() {
    return current;
  }

  void advance() {
    current++;
  }
}

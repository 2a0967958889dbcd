package dev.sonde.e2e.harness;

/**
 * One slice of the interleaved run: the load on one setup for a few seconds, in a round where
 * every setup gets one slice. {@code cpuSeconds} is the service's whole-JVM CPU time from just
 * before the slice to just after it ({@code /proc}).
 */
record Slice(int round, int setup, PhaseResult load, double cpuSeconds) {

  /** Answered requests per second. */
  double throughput() {
    return load.throughput();
  }

  /** CPU µs per answered request. */
  double cpuMicrosPerRequest() {
    return cpuSeconds * 1e6 / Math.max(1, load.requests() - load.errors());
  }

  double p50Micros() {
    return load.p50Micros();
  }

  double p99Micros() {
    return load.p99Micros();
  }
}

package dev.sonde.e2e.harness;

import java.util.HashMap;
import java.util.Map;

/** One phase as the load generator saw it: its {@code result} line (see LoadGenerator). */
record PhaseResult(String phase, double seconds, long requests, long errors, long p50Micros,
    long p99Micros, long maxMicros) {

  /** Parses {@code result <phase> seconds=… requests=… errors=… p50_us=… p99_us=… max_us=…}. */
  static PhaseResult parse(String line) {
    String[] words = line.strip().split(" ");
    Map<String, String> values = new HashMap<>();
    for (int i = 2; i < words.length; i++) {
      String[] pair = words[i].split("=", 2);
      values.put(pair[0], pair[1]);
    }
    return new PhaseResult(words[1], Double.parseDouble(values.get("seconds")),
        Long.parseLong(values.get("requests")), Long.parseLong(values.get("errors")),
        Long.parseLong(values.get("p50_us")), Long.parseLong(values.get("p99_us")),
        Long.parseLong(values.get("max_us")));
  }

  /** Answered requests (2xx) per second. */
  double throughput() {
    return (requests - errors) / seconds;
  }
}

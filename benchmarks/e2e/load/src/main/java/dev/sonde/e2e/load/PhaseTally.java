package dev.sonde.e2e.load;

import org.HdrHistogram.Histogram;

/**
 * What one connection saw during one phase: latencies (µs, from sending the request to the last
 * byte of the answer), answers that were not 2xx and I/O errors, and the first error's text.
 * Written by its worker only; read after the worker has ended.
 */
final class PhaseTally {

  /** Latencies up to a minute, three significant digits. */
  static final long HIGHEST_MICROS = 60_000_000L;

  final Histogram latencyMicros = new Histogram(HIGHEST_MICROS, 3);
  long requests;
  long errors;
  String firstError;

  void success(long micros) {
    requests++;
    latencyMicros.recordValue(Math.min(micros, HIGHEST_MICROS));
  }

  void error(String what) {
    requests++;
    errors++;
    if (firstError == null) {
      firstError = what;
    }
  }

  void add(PhaseTally other) {
    latencyMicros.add(other.latencyMicros);
    requests += other.requests;
    errors += other.errors;
    if (firstError == null) {
      firstError = other.firstError;
    }
  }
}

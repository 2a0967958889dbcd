package dev.sonde.agent.json;

/** Figures as the agent's JSON shows them: durations in milliseconds, ratios rounded. */
public final class JsonNumbers {

  private JsonNumbers() {}

  /** {@code nanos} in milliseconds, to the microsecond; null for a negative (absent) value. */
  public static Double millis(long nanos) {
    return nanos < 0 ? null : Math.round(nanos / 1_000.0) / 1_000.0;
  }

  /** A ratio to four decimals; null for NaN (nothing to divide). */
  public static Double ratio(double ratio) {
    return Double.isNaN(ratio) ? null : Math.round(ratio * 10_000.0) / 10_000.0;
  }
}

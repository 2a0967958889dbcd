package dev.sonde.smoke.harness;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** An incoming W3C trace context, as a client upstream of the app would send it. */
public record Traceparent(String traceId, String parentSpanId) {

  /** A fresh, sampled context with random ids. */
  public static Traceparent random() {
    byte[] trace = new byte[16];
    byte[] span = new byte[8];
    ThreadLocalRandom.current().nextBytes(trace);
    ThreadLocalRandom.current().nextBytes(span);
    trace[0] |= 0x10; // never all zeros
    span[0] |= 0x10;
    return new Traceparent(HexFormat.of().formatHex(trace), HexFormat.of().formatHex(span));
  }

  /** {@code 00-<trace id>-<parent span id>-01} */
  public String header() {
    return "00-" + traceId + "-" + parentSpanId + "-01";
  }
}

package dev.sonde.instrumentation.api.http;

/**
 * Bounds the {@code method} label: the standard methods as they are, anything else as
 * {@code _OTHER} (as the OpenTelemetry HTTP conventions do), so a client sending made-up methods
 * cannot create series.
 */
final class HttpMethods {

  static final String OTHER = "_OTHER";

  /** Every value {@link #normalize} returns. */
  static final String[] NORMALIZED = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
      "TRACE", "PATCH", OTHER};

  private HttpMethods() {}

  static String normalize(String method) {
    if (method == null) {
      return OTHER;
    }
    switch (method) {
      case "GET":
      case "HEAD":
      case "POST":
      case "PUT":
      case "DELETE":
      case "CONNECT":
      case "OPTIONS":
      case "TRACE":
      case "PATCH":
        return method;
      default:
        return OTHER;
    }
  }
}

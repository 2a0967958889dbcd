package dev.sonde.smoke.harness;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of an app's log file. Every app logs with the same layout:
 * {@code <time> [<thread>] <LEVEL> <logger> trace_id=.. span_id=.. trace_flags=.. request_id=.. - <message>}
 * where the four ids are the MDC / ThreadContext values, empty when unset.
 */
public record LogLine(String thread, String level, String traceId, String spanId, String traceFlags,
    String requestId, String message) {

  private static final Pattern LAYOUT = Pattern.compile(
      "^\\S+ \\[(.*?)\\] (\\w+)\\s+\\S+ trace_id=(\\S*) span_id=(\\S*) trace_flags=(\\S*)"
          + " request_id=(\\S*) - (.*)$");

  /** The line parsed, or empty for lines of another shape (stack traces). */
  public static Optional<LogLine> parse(String line) {
    Matcher m = LAYOUT.matcher(line);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new LogLine(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5),
        m.group(6), m.group(7)));
  }
}

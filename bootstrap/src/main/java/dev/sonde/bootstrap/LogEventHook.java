package dev.sonde.bootstrap;

import java.util.Map;

/**
 * What logging advice (Logback, Log4j 2) reports for each application log event, on the thread
 * that logs it, when log shipping is on ({@code sonde.logs.exporter=otlp}). The advice reads plain
 * values off the framework's own event (or the arguments of its log call) and hands them over; the
 * agent-side recorder adds the trace context of this thread and queues the event for export
 * without ever waiting.
 *
 * <p>While shipping is off the hook stays {@link #NOOP}: advice compares against it and reads
 * nothing off the event.
 */
public interface LogEventHook {

  /**
   * An application log event, reported once, on the logging thread.
   *
   * @param epochMillis when the event happened
   * @param level the framework's own level number (Logback's {@code Level.toInt()}, Log4j 2's
   *     {@code intLevel()}); each framework's recorder knows its scale
   * @param levelName the level as the framework names it ({@code INFO}, a custom level's name)
   * @param message the formatted message: read on the logging thread, since a framework may reuse
   *     its message objects once the call returns
   * @param thrown the exception logged with the event, or null
   * @param contextData the MDC / ThreadContext entries of the event; a map that does not change
   *     after this call (both frameworks hand out copy-on-write snapshots), kept as it is
   */
  void logged(long epochMillis, int level, String levelName, String loggerName, String threadName,
      String message, Throwable thrown, Map<String, String> contextData);

  /** Ships nothing; the hook in place until the agent has started, and while shipping is off. */
  LogEventHook NOOP = new LogEventHook() {
    @Override
    public void logged(long epochMillis, int level, String levelName, String loggerName,
        String threadName, String message, Throwable thrown, Map<String, String> contextData) {}
  };
}

package dev.sonde.jul;

import dev.sonde.bootstrap.Hooks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.logging.Formatter;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

/**
 * A {@code java.util.logging} formatter that writes each record on one line with the correlation
 * fields of the span current on the thread that formats it: trace id, span id, trace flags and,
 * during a server request, the request id, under the key names the agent is configured with
 * ({@code sonde.logs.mdc.*-key}). With no span current, or before the agent has started, the
 * fields are empty. Name it in {@code logging.properties}:
 *
 * <pre>
 * java.util.logging.ConsoleHandler.formatter=dev.sonde.jul.CorrelatingFormatter
 * </pre>
 *
 * The JDK's {@code LogManager} loads it by name through the system class loader, which delegates
 * to the bootstrap class path the agent appends its jar to: no application dependency. Without
 * the agent the class does not exist, and the JDK falls back to its own default formatter.
 *
 * <p>The line format is a {@link java.util.Formatter} pattern, like {@code SimpleFormatter}'s:
 * the system property {@value #FORMAT_PROPERTY}, else the {@code logging.properties} entry of that
 * name, else {@link #DEFAULT_FORMAT}. Its arguments are {@code SimpleFormatter}'s six followed by
 * the correlation fields:
 *
 * <ol>
 *   <li>the time ({@code ZonedDateTime}, for {@code %1$tF %1$tT.%1$tL} and the like)
 *   <li>the source: class and method of the caller, else the logger name
 *   <li>the logger name
 *   <li>the level (localized name)
 *   <li>the message
 *   <li>the exception: a line break and its stack trace, or empty
 *   <li>all correlation fields, each as a space and {@code key=value}, or empty with no span
 *   <li>the trace id, or empty
 *   <li>the span id, or empty
 *   <li>the trace flags ({@code 01} sampled), or empty
 *   <li>the request id, or empty
 *   <li>the name of the thread that formats the record (the logging thread for handlers that
 *       write as they are called: {@code ConsoleHandler}, {@code FileHandler})
 * </ol>
 *
 * <p>A pattern that does not format gets one WARN on stderr naming the property, the value and the
 * default used instead. The fields are those of the formatting thread: a handler that formats
 * later on another thread ({@code MemoryHandler}'s push) writes that thread's fields.
 */
public final class CorrelatingFormatter extends Formatter {

  /** The property naming the line format, as a system property or in logging.properties. */
  public static final String FORMAT_PROPERTY = "dev.sonde.jul.CorrelatingFormatter.format";

  /**
   * {@code 2024-05-01 12:00:00.123 INFO [main] com.shop.Orders trace_id=… span_id=… trace_flags=01
   * request_id=… - message}, and the stack trace on the following lines.
   */
  public static final String DEFAULT_FORMAT =
      "%1$tF %1$tT.%1$tL %4$s [%12$s] %3$s%7$s - %5$s%6$s%n";

  /** Every handler makes its own formatter: one warning per JVM is enough. */
  private static volatile boolean warned;

  private final String format;

  /** Reads the format; called by the {@code LogManager} for each handler configured with it. */
  public CorrelatingFormatter() {
    this.format = configuredFormat();
  }

  @Override
  public String format(LogRecord record) {
    Object[] arguments = arguments(record, currentFields());
    try {
      return String.format(format, arguments);
    } catch (RuntimeException e) {
      // The format formatted the sample values at start; these may still differ (a null level).
      return String.format(DEFAULT_FORMAT, arguments);
    }
  }

  private Object[] arguments(LogRecord record, String[] fields) {
    ZonedDateTime time = ZonedDateTime.ofInstant(Instant.ofEpochMilli(record.getMillis()),
        ZoneId.systemDefault());
    String source = record.getSourceClassName() == null ? record.getLoggerName()
        : record.getSourceMethodName() == null ? record.getSourceClassName()
        : record.getSourceClassName() + " " + record.getSourceMethodName();
    String level = record.getLevel() == null ? "" : record.getLevel().getLocalizedName();
    return new Object[] {time, source, record.getLoggerName(), level, formatMessage(record),
        stackTrace(record.getThrown()), allFields(fields), value(fields, 0), value(fields, 1),
        value(fields, 2), value(fields, 3), Thread.currentThread().getName()};
  }

  private static String[] currentFields() {
    try {
      return Hooks.logCorrelation.currentFields();
    } catch (Throwable t) {
      // Never let the agent break the application's logging.
      return null;
    }
  }

  /** " key=value key=value…", or "" with no span. */
  private static String allFields(String[] fields) {
    if (fields == null) {
      return "";
    }
    StringBuilder all = new StringBuilder(112);
    for (int i = 0; i + 1 < fields.length; i += 2) {
      all.append(' ').append(fields[i]).append('=').append(fields[i + 1]);
    }
    return all.toString();
  }

  /** The value of the {@code index}-th field (trace id, span id, trace flags, request id), or "". */
  private static String value(String[] fields, int index) {
    int at = 2 * index + 1;
    return fields == null || at >= fields.length || fields[at] == null ? "" : fields[at];
  }

  private static String stackTrace(Throwable thrown) {
    if (thrown == null) {
      return "";
    }
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    out.println();
    thrown.printStackTrace(out);
    out.close();
    return text.toString();
  }

  private static String configuredFormat() {
    String configured = System.getProperty(FORMAT_PROPERTY);
    if (configured == null) {
      configured = LogManager.getLogManager().getProperty(FORMAT_PROPERTY);
    }
    if (configured == null) {
      return DEFAULT_FORMAT;
    }
    try {
      // Every argument, with values of the types format() passes: a bad pattern fails here.
      String.format(configured, ZonedDateTime.now(), "source", "logger", "INFO", "message", "",
          " trace_id=0", "0", "0", "01", "r", "main");
      return configured;
    } catch (RuntimeException e) {
      if (!warned) {
        warned = true;
        System.err.println("[sonde] WARN Invalid value '" + configured + "' for "
            + FORMAT_PROPERTY + " (expected a java.util.Formatter pattern over the 12 arguments"
            + " of dev.sonde.jul.CorrelatingFormatter: " + e + "); using the default "
            + DEFAULT_FORMAT);
      }
      return DEFAULT_FORMAT;
    }
  }
}

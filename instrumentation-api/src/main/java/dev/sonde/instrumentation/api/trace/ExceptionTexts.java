package dev.sonde.instrumentation.api.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * An exception event whose texts go through an {@link ExceptionTextFilter}: the attributes
 * {@code exception.type}, {@code exception.message} and {@code exception.stacktrace} as
 * {@code Span.recordException} makes them, with the message and the stack trace's message lines
 * filtered. The frames ({@code at ...}, {@code ... n more}) stay as they are.
 */
public final class ExceptionTexts {

  public static final AttributeKey<String> TYPE = AttributeKey.stringKey("exception.type");
  public static final AttributeKey<String> MESSAGE = AttributeKey.stringKey("exception.message");
  public static final AttributeKey<String> STACKTRACE =
      AttributeKey.stringKey("exception.stacktrace");

  private ExceptionTexts() {}

  /**
   * Records {@code exception} on {@code span} with its texts filtered: deferred to export when the
   * span can ({@link FilteredExceptions}), otherwise made now as an {@code exception} event.
   */
  public static void record(Span span, Throwable exception, ExceptionTextFilter filter) {
    if (span instanceof FilteredExceptions) {
      ((FilteredExceptions) span).recordException(exception, filter);
    } else {
      span.addEvent("exception", attributes(exception, filter, Attributes.empty()));
    }
  }

  /**
   * The exception's attributes as the SDK makes them, its texts filtered ({@code filter} may be
   * null: none), then {@code additional}. The exception is the application's: a
   * {@code getMessage()} or {@code printStackTrace} that throws costs only that attribute.
   */
  public static Attributes attributes(Throwable exception, ExceptionTextFilter filter,
      Attributes additional) {
    AttributesBuilder builder = Attributes.builder();
    String type = exception.getClass().getCanonicalName();
    if (type != null) {
      builder.put(TYPE, type);
    }
    try {
      String message = exception.getMessage();
      if (message != null) {
        builder.put(MESSAGE, filter == null ? message : filter.filter(message));
      }
    } catch (Throwable ignored) {
      // no message
    }
    try {
      StringWriter trace = new StringWriter();
      PrintWriter writer = new PrintWriter(trace);
      exception.printStackTrace(writer);
      writer.flush();
      String text = trace.toString();
      builder.put(STACKTRACE, filter == null ? text : filterStackTrace(text, filter));
    } catch (Throwable ignored) {
      // no stack trace
    }
    return builder.putAll(additional).build();
  }

  /**
   * {@code stackTrace} (as {@code printStackTrace} writes it) with each run of lines that are not
   * frames (the first line, {@code Caused by:} and {@code Suppressed:} lines, and the lines of a
   * multi-line message) passed through {@code filter} as one text, so that a quote opened on one
   * line and closed on the next is seen whole.
   */
  public static String filterStackTrace(String stackTrace, ExceptionTextFilter filter) {
    StringBuilder out = new StringBuilder(stackTrace.length());
    int length = stackTrace.length();
    int runStart = 0;
    int lineStart = 0;
    while (lineStart < length) {
      int newline = stackTrace.indexOf('\n', lineStart);
      int lineEnd = newline < 0 ? length : newline + 1;
      if (isFrame(stackTrace, lineStart, newline < 0 ? length : newline)) {
        if (runStart < lineStart) {
          out.append(filter.filter(stackTrace.substring(runStart, lineStart)));
        }
        out.append(stackTrace, lineStart, lineEnd);
        runStart = lineEnd;
      }
      lineStart = lineEnd;
    }
    if (runStart < length) {
      out.append(filter.filter(stackTrace.substring(runStart)));
    }
    return out.toString();
  }

  /** {@code \tat pkg.Type.method(File.java:12)} or {@code \t... 5 more}. */
  static boolean isFrame(String text, int start, int end) {
    while (start < end && (text.charAt(start) == '\t' || text.charAt(start) == ' ')) {
      start++;
    }
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (text.startsWith("at ", start)) {
      return end > start && text.charAt(end - 1) == ')';
    }
    return text.startsWith("... ", start) && text.regionMatches(end - 5, " more", 0, 5);
  }
}

package dev.sonde.instrumentation.api.trace;

/**
 * Rewrites what a recorded exception's text may show before it leaves the process: its message,
 * and each run of message lines of its stack trace (the frames are left alone). A JDBC span's
 * filter hides the literals a database error repeats from the statement.
 *
 * <p>Called when the span is prepared for export, on whatever thread ends it: it must not throw
 * and must not block.
 */
public interface ExceptionTextFilter {

  /** {@code text} as it may be exported; never null for a non-null {@code text}. */
  String filter(String text);
}

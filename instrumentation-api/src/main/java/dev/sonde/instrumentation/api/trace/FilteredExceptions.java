package dev.sonde.instrumentation.api.trace;

/**
 * A span that records an exception now and turns it into text later (the agent's own span makes
 * an exception's stack trace text only if the span is exported), passing that text through a
 * filter then. Recorders use it through {@link ExceptionTexts#record}.
 */
public interface FilteredExceptions {

  /**
   * As {@code Span.recordException(exception)}, with {@code exception.message} and the message
   * lines of {@code exception.stacktrace} passed through {@code filter}.
   */
  void recordException(Throwable exception, ExceptionTextFilter filter);
}

package dev.sonde.bootstrap;

import java.util.Map;

/**
 * What logging advice (Logback, Log4j 2, Log4j 1.2) and the {@code java.util.logging} formatter
 * ({@code dev.sonde.jul.CorrelatingFormatter}) ask the agent while an application log event is
 * created or written: the correlation fields of the span current on this thread.
 */
public interface LogCorrelationHook {

  /**
   * The correlation fields as alternating keys and values ({@code trace_id}, id, {@code span_id},
   * id, ...), or {@code null} when no span is current. The array is shared: never modify it.
   */
  String[] currentFields();

  /**
   * {@code mdc} (null: none) with {@code fields} (from {@link #currentFields}) added where
   * {@code mdc} has no value of its own, as a read-only map that copies neither. By default
   * {@code mdc} itself: a hook that makes no fields adds none.
   */
  default Map<String, String> withFields(Map<String, String> mdc, String[] fields) {
    return mdc;
  }

  /** Adds nothing; the hook in place until the agent has started. */
  LogCorrelationHook NOOP = new LogCorrelationHook() {
    @Override
    public String[] currentFields() {
      return null;
    }
  };
}

package dev.sonde.instrumentation.api.testing;

import dev.sonde.bootstrap.Hooks;
import dev.sonde.bootstrap.LogCorrelationHook;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link LogCorrelationHook} with fixed fields, as if a span were current on every thread: put
 * into {@link Hooks#logCorrelation} by {@link #install} and taken out by {@link #close()}.
 * {@code withFields} answers a read-only copy: the application's values first, then the fields
 * it does not have (what the agent's view does without copying).
 */
public final class FixedLogCorrelation implements LogCorrelationHook, AutoCloseable {

  public static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  public static final String SPAN_ID = "b7ad6b7169203331";

  private final String[] fields;
  private volatile boolean current = true;
  private LogCorrelationHook previous;

  private FixedLogCorrelation(String[] fields) {
    this.fields = fields;
  }

  /** {@code trace_id} {@value #TRACE_ID}, {@code span_id} {@value #SPAN_ID}. */
  public static FixedLogCorrelation install() {
    return install("trace_id", TRACE_ID, "span_id", SPAN_ID);
  }

  /** @param fields alternating keys and values, the trace id's key first */
  public static FixedLogCorrelation install(String... fields) {
    FixedLogCorrelation hook = new FixedLogCorrelation(fields.clone());
    hook.previous = Hooks.logCorrelation;
    Hooks.logCorrelation = hook;
    return hook;
  }

  /** Whether a span is current from now on (true at first): without one, there are no fields. */
  public FixedLogCorrelation spanCurrent(boolean current) {
    this.current = current;
    return this;
  }

  @Override
  public String[] currentFields() {
    return current ? fields : null;
  }

  @Override
  public Map<String, String> withFields(Map<String, String> mdc, String[] fields) {
    Map<String, String> merged = new LinkedHashMap<String, String>();
    if (mdc != null) {
      merged.putAll(mdc);
    }
    for (int i = 0; i < fields.length; i += 2) {
      merged.putIfAbsent(fields[i], fields[i + 1]);
    }
    return Collections.unmodifiableMap(merged);
  }

  @Override
  public void close() {
    Hooks.logCorrelation = previous;
  }
}

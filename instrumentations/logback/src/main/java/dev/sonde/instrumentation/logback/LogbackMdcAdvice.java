package dev.sonde.instrumentation.logback;

import dev.sonde.bootstrap.Hooks;
import java.util.Map;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the exit of {@code LoggingEvent.getMDCPropertyMap()}: when a span is current and the
 * map has no trace id yet, returns it with the correlation fields added (a view, not a copy) and
 * caches that in the event, so later reads of the same event cost one lookup.
 */
public final class LogbackMdcAdvice {

  private LogbackMdcAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void onExit(
      @Advice.Return(readOnly = false) Map<String, String> mdc,
      @Advice.FieldValue(value = "mdcPropertyMap", readOnly = false) Map<String, String> cached) {
    String[] fields = Hooks.logCorrelation.currentFields();
    if (fields == null || (mdc != null && mdc.containsKey(fields[0]))) {
      return;
    }
    Map<String, String> enriched = Hooks.logCorrelation.withFields(mdc, fields);
    cached = enriched;
    mdc = enriched;
  }
}

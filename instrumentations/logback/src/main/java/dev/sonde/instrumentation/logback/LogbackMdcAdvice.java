package dev.sonde.instrumentation.logback;

import dev.sonde.bootstrap.Hooks;
import java.util.HashMap;
import java.util.Map;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the exit of {@code LoggingEvent.getMDCPropertyMap()}: when a span is current and the
 * map has no trace id yet, returns a copy with the correlation fields added and caches it in the
 * event, so later reads of the same event cost one lookup.
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
    Map<String, String> enriched = mdc == null ? new HashMap<String, String>()
        : new HashMap<String, String>(mdc);
    for (int i = 0; i < fields.length; i += 2) {
      if (!enriched.containsKey(fields[i])) {
        enriched.put(fields[i], fields[i + 1]);
      }
    }
    cached = enriched;
    mdc = enriched;
  }
}

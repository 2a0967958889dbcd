package dev.sonde.instrumentation.log4j1;

import dev.sonde.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;
import org.apache.log4j.MDC;

/**
 * Inlined at the exit of {@code LoggingEvent.getMDC(String)}: when the event has no value for a
 * correlation key and has not taken its MDC snapshot yet (so Log4j itself read the logging
 * thread's MDC), answers from the current span. After the snapshot the event's copy holds the
 * fields already, when there was a span, and the current span (maybe another thread's) is not
 * asked. Nothing is added when the application put the trace id key in its MDC itself.
 */
public final class Log4j1MdcGetAdvice {

  private Log4j1MdcGetAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void onExit(@Advice.Argument(0) String key,
      @Advice.Return(readOnly = false) Object value,
      @Advice.FieldValue("mdcCopyLookupRequired") boolean lookupRequired) {
    if (value != null || !lookupRequired || key == null) {
      return;
    }
    String[] fields = Hooks.logCorrelation.currentFields();
    if (fields == null) {
      return;
    }
    for (int i = 0; i < fields.length; i += 2) {
      if (key.equals(fields[i])) {
        // Before the snapshot the event's MDC is the thread's: the trace id key is the app's there.
        if (i == 0 || MDC.get(fields[0]) == null) {
          value = fields[i + 1];
        }
        return;
      }
    }
  }
}

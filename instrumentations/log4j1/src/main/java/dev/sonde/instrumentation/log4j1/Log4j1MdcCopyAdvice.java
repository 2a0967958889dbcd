package dev.sonde.instrumentation.log4j1;

import dev.sonde.bootstrap.Hooks;
import java.util.Hashtable;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code LoggingEvent.getMDCCopy()}: when this call takes the event's MDC snapshot
 * (the first call, on the logging thread) and a span is current, adds the correlation fields the
 * application's MDC does not have to the event's copy, creating the copy when the application has
 * no MDC. The copy is the event's own clone; the application's MDC is not touched.
 */
public final class Log4j1MdcCopyAdvice {

  private Log4j1MdcCopyAdvice() {}

  /** Whether this call is the one that takes the snapshot. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static boolean onEnter(
      @Advice.FieldValue("mdcCopyLookupRequired") boolean lookupRequired) {
    return lookupRequired;
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void onExit(@Advice.Enter boolean snapshotTaken,
      @Advice.FieldValue(value = "mdcCopy", readOnly = false) Hashtable<Object, Object> mdcCopy) {
    if (!snapshotTaken) {
      return;
    }
    String[] fields = Hooks.logCorrelation.currentFields();
    if (fields == null || (mdcCopy != null && mdcCopy.containsKey(fields[0]))) {
      return;
    }
    Hashtable<Object, Object> copy = mdcCopy == null ? new Hashtable<Object, Object>() : mdcCopy;
    for (int i = 0; i < fields.length; i += 2) {
      if (!copy.containsKey(fields[i])) {
        copy.put(fields[i], fields[i + 1]);
      }
    }
    mdcCopy = copy;
  }
}

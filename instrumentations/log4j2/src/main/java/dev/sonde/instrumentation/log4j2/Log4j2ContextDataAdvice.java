package dev.sonde.instrumentation.log4j2;

import dev.sonde.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringMap;

/**
 * Inlined at the exit of {@code ContextDataInjector.injectContextData}: adds the correlation
 * fields the event's context data does not already have. A frozen map (Log4j hands out the
 * ThreadContext's own immutable copy when it can) is replaced by a copy.
 */
public final class Log4j2ContextDataAdvice {

  private Log4j2ContextDataAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void onExit(@Advice.Return(readOnly = false) StringMap contextData) {
    String[] fields = Hooks.logCorrelation.currentFields();
    if (fields == null || contextData == null || contextData.containsKey(fields[0])) {
      return;
    }
    StringMap target = contextData.isFrozen() ? new SortedArrayStringMap(contextData)
        : contextData;
    for (int i = 0; i < fields.length; i += 2) {
      if (!target.containsKey(fields[i])) {
        target.putValue(fields[i], fields[i + 1]);
      }
    }
    contextData = target;
  }
}

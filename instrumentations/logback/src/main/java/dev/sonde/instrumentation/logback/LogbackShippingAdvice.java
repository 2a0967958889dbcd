package dev.sonde.instrumentation.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import dev.sonde.bootstrap.LogEventHook;
import dev.sonde.bootstrap.logback.LogbackHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the entry of {@code ch.qos.logback.classic.Logger.callAppenders(ILoggingEvent)}: the
 * one call every event that passed the logger's level and turbo filters makes, once, on the
 * logging thread, before it walks the logger hierarchy's appenders. Hands the event's values to
 * the log shipping hook; reads nothing while shipping is off. Reading the message and the MDC
 * here is what appenders do anyway: both are computed once and cached in the event.
 */
public final class LogbackShippingAdvice {

  private LogbackShippingAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.Argument(0) ILoggingEvent event) {
    LogEventHook hook = LogbackHooks.events;
    if (hook == LogEventHook.NOOP || event == null) {
      return;
    }
    Level level = event.getLevel();
    IThrowableProxy thrown = event.getThrowableProxy();
    hook.logged(event.getTimeStamp(), level.toInt(), level.toString(), event.getLoggerName(),
        event.getThreadName(), event.getFormattedMessage(),
        thrown instanceof ThrowableProxy ? ((ThrowableProxy) thrown).getThrowable() : null,
        event.getMDCPropertyMap());
  }
}

package dev.sonde.instrumentation.log4j2;

import dev.sonde.bootstrap.LogEventHook;
import dev.sonde.bootstrap.log4j2.Log4j2Hooks;
import net.bytebuddy.asm.Advice;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.message.Message;

/**
 * Inlined at the entry of Log4j 2's {@code Logger.logMessage(fqcn, level, marker, message,
 * thrown)} (core and async loggers): the event passed the logger's level, and this is its one
 * call on the logging thread. Hands its values to the log shipping hook; reads nothing while
 * shipping is off. The message is formatted here, before the call returns: Log4j reuses message
 * and event objects (garbage-free mode, the async loggers' ring buffer).
 */
public final class Log4j2LogMessageAdvice {

  private Log4j2LogMessageAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.This Logger logger, @Advice.Argument(1) Level level,
      @Advice.Argument(3) Message message, @Advice.Argument(4) Throwable thrown) {
    LogEventHook hook = Log4j2Hooks.events;
    if (hook == LogEventHook.NOOP || level == null) {
      return;
    }
    hook.logged(System.currentTimeMillis(), level.intLevel(), level.name(), logger.getName(),
        Thread.currentThread().getName(), message == null ? null : message.getFormattedMessage(),
        thrown, ThreadContext.getImmutableContext());
  }
}

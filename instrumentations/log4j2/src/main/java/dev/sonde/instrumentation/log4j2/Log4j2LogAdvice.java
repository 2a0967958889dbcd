package dev.sonde.instrumentation.log4j2;

import dev.sonde.bootstrap.LogEventHook;
import dev.sonde.bootstrap.log4j2.Log4j2Hooks;
import net.bytebuddy.asm.Advice;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.message.Message;

/**
 * Inlined at the entry of Log4j 2's {@code Logger.log(level, marker, fqcn, location, message,
 * thrown)} (2.13+, core and async loggers): the other way an event that passed the logger's level
 * reaches the logger (the API's own calls since 2.13, {@code LogBuilder}); it never goes through
 * {@code logMessage} as well. Same as {@link Log4j2LogMessageAdvice}, arguments in this order.
 */
public final class Log4j2LogAdvice {

  private Log4j2LogAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.This Logger logger, @Advice.Argument(0) Level level,
      @Advice.Argument(4) Message message, @Advice.Argument(5) Throwable thrown) {
    LogEventHook hook = Log4j2Hooks.events;
    if (hook == LogEventHook.NOOP || level == null) {
      return;
    }
    hook.logged(System.currentTimeMillis(), level.intLevel(), level.name(), logger.getName(),
        Thread.currentThread().getName(), message == null ? null : message.getFormattedMessage(),
        thrown, ThreadContext.getImmutableContext());
  }
}

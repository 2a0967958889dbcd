package dev.sonde.bootstrap.log4j2;

import dev.sonde.bootstrap.LogEventHook;

/**
 * What the Log4j 2 advice reaches from the application's class loaders: the hook that ships its log
 * events, set by the Log4j 2 module when log shipping is on ({@link LogEventHook#NOOP} while it is
 * off). The hook's type is shared with the other logging modules.
 */
public final class Log4j2Hooks {

  /** Log4j 2 log events to ship over OTLP. */
  public static volatile LogEventHook events = LogEventHook.NOOP;

  private Log4j2Hooks() {}
}

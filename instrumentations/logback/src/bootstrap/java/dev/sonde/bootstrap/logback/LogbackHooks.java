package dev.sonde.bootstrap.logback;

import dev.sonde.bootstrap.LogEventHook;

/**
 * What the Logback advice reaches from the application's class loaders: the hook that ships its log
 * events, set by the Logback module when log shipping is on ({@link LogEventHook#NOOP} while it is
 * off). The hook's type is shared with the other logging modules.
 */
public final class LogbackHooks {

  /** Logback log events to ship over OTLP. */
  public static volatile LogEventHook events = LogEventHook.NOOP;

  private LogbackHooks() {}
}

package dev.sonde.instrumentation.api.testing;

import dev.sonde.bootstrap.Hooks;
import dev.sonde.bootstrap.LogEventHook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link LogEventHook} that records the events the advice ships, put into
 * {@link Hooks#logbackEvents} or {@link Hooks#log4j2Events} and taken out by {@link #close()}.
 */
public final class RecordingLogEvents implements LogEventHook, AutoCloseable {

  /** One event as the advice handed it over. */
  public record Event(long epochMillis, int level, String levelName, String loggerName,
      String threadName, String message, Throwable thrown, Map<String, String> contextData) {}

  private final List<Event> events = new CopyOnWriteArrayList<Event>();
  private Runnable restore;

  public static RecordingLogEvents installLogback() {
    RecordingLogEvents hook = new RecordingLogEvents();
    LogEventHook previous = Hooks.logbackEvents;
    Hooks.logbackEvents = hook;
    hook.restore = () -> Hooks.logbackEvents = previous;
    return hook;
  }

  public static RecordingLogEvents installLog4j2() {
    RecordingLogEvents hook = new RecordingLogEvents();
    LogEventHook previous = Hooks.log4j2Events;
    Hooks.log4j2Events = hook;
    hook.restore = () -> Hooks.log4j2Events = previous;
    return hook;
  }

  public List<Event> events() {
    return new ArrayList<Event>(events);
  }

  @Override
  public void logged(long epochMillis, int level, String levelName, String loggerName,
      String threadName, String message, Throwable thrown, Map<String, String> contextData) {
    events.add(new Event(epochMillis, level, levelName, loggerName, threadName, message, thrown,
        contextData));
  }

  @Override
  public void close() {
    restore.run();
  }
}

package dev.sonde.instrumentation.api.testing;

import dev.sonde.bootstrap.LogEventHook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A {@link LogEventHook} that records the events the advice ships, put into a logging module's
 * slot (its {@code <Lib>Hooks.events}) and taken out by {@link #close()}.
 */
public final class RecordingLogEvents implements LogEventHook, AutoCloseable {

  /** One event as the advice handed it over. */
  public record Event(long epochMillis, int level, String levelName, String loggerName,
      String threadName, String message, Throwable thrown, Map<String, String> contextData) {}

  private final List<Event> events = new CopyOnWriteArrayList<Event>();
  private Runnable restore;

  /**
   * Puts a recorder into a module's slot ({@code h -> LogbackHooks.events = h}); {@link #close()}
   * puts {@code previous} back.
   */
  public static RecordingLogEvents install(Consumer<LogEventHook> slot, LogEventHook previous) {
    RecordingLogEvents hook = new RecordingLogEvents();
    slot.accept(hook);
    hook.restore = () -> slot.accept(previous);
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

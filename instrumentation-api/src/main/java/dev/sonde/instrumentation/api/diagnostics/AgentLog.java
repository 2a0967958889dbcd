package dev.sonde.instrumentation.api.diagnostics;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The agent's own diagnostics: one line each on stderr, prefixed {@code [sonde]}, filtered by
 * {@code sonde.log.level}. Never the application's logging framework: the agent must not
 * initialise or reconfigure it.
 */
public final class AgentLog {

  /** Severity of an agent log line, most severe first. */
  public enum Level {
    OFF, ERROR, WARN, INFO, DEBUG
  }

  private static volatile Level threshold = Level.INFO;

  private AgentLog() {}

  /** Lines less severe than {@code level} are dropped. */
  public static void setLevel(Level level) {
    threshold = level;
  }

  /** Parses a level name, case-insensitively; null when it names none. */
  public static Level parseLevel(String value) {
    for (Level level : Level.values()) {
      if (level.name().equals(value.trim().toUpperCase(Locale.ROOT))) {
        return level;
      }
    }
    return null;
  }

  public static boolean enabled(Level level) {
    return level != Level.OFF && level.ordinal() <= threshold.ordinal();
  }

  public static void error(String message) {
    log(Level.ERROR, message, null);
  }

  public static void error(String message, Throwable cause) {
    log(Level.ERROR, message, cause);
  }

  public static void warn(String message) {
    log(Level.WARN, message, null);
  }

  public static void info(String message) {
    log(Level.INFO, message, null);
  }

  public static void debug(String message) {
    log(Level.DEBUG, message, null);
  }

  public static void debug(String message, Throwable cause) {
    log(Level.DEBUG, message, cause);
  }

  private static void log(Level level, String message, Throwable cause) {
    if (!enabled(level)) {
      return;
    }
    StringBuilder line = new StringBuilder(64 + message.length()).append("[sonde] ")
        .append(level.name()).append(' ').append(message);
    if (cause != null) {
      // One line even with a cause: the stack trace only at DEBUG.
      line.append(": ").append(cause);
    }
    PrintStream out = System.err;
    out.println(line);
    if (cause != null && enabled(Level.DEBUG)) {
      cause.printStackTrace(out);
    }
  }
}

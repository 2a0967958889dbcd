package dev.sonde.instrumentation.api.redis;

/**
 * Whether a failed Redis command was the application's mistake rather than the server failing:
 * the server refused the command itself ({@code ERR} syntax or argument errors, {@code WRONGTYPE},
 * {@code NOSCRIPT}, {@code EXECABORT}), which says nothing about its health. Timeouts, lost
 * connections and the server's own troubles ({@code LOADING}, {@code BUSY}, {@code OOM},
 * {@code READONLY}, {@code MASTERDOWN}...) do. Both clients put the server's error reply, prefix
 * first, in their exception's message.
 */
final class RedisRefusals {

  private static final String[] COMMAND_ERRORS = {"ERR ", "WRONGTYPE ", "NOSCRIPT ", "EXECABORT "};

  private RedisRefusals() {}

  static boolean isCommandError(Throwable error) {
    String message = error.getMessage();
    if (message == null) {
      return false;
    }
    for (String prefix : COMMAND_ERRORS) {
      if (message.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}

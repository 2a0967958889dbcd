package dev.sonde.instrumentation.api.redis;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Command names in upper case, the form spans and labels use, without upper-casing a string per
 * command: clients send a few dozen distinct names, remembered here. Bounded: a client that made
 * up names endlessly would get them converted each time instead.
 */
final class RedisCommandNames {

  private static final int MAX_NAMES = 512;
  private static final ConcurrentHashMap<String, String> CANONICAL =
      new ConcurrentHashMap<String, String>();

  private RedisCommandNames() {}

  static String canonical(String command) {
    if (command == null) {
      return "UNKNOWN";
    }
    String name = CANONICAL.get(command);
    if (name == null) {
      name = RedisCommandRecorder.upper(command);
      if (CANONICAL.size() < MAX_NAMES) {
        CANONICAL.put(command, name);
      }
    }
    return name;
  }
}

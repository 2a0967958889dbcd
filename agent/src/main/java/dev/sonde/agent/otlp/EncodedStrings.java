package dev.sonde.agent.otlp;

import java.nio.charset.StandardCharsets;

/**
 * The UTF-8 bytes of strings the export writes again and again, found by identity: attribute
 * names (constants), and the values that come from one place (a statement's SQL out of the
 * statement cache, a database's name, "GET"). A string seen before is copied into the request as
 * bytes; it is neither read char by char nor encoded again. The cache is direct-mapped on the
 * identity hash: a slot keeps the last string that landed in it, so a value seen once only costs
 * the encoding it would have cost anyway.
 *
 * <p>One thread (the export thread) uses an instance; it is not thread-safe.
 */
final class EncodedStrings {

  private static final int SLOTS = 1024;
  /** Longer strings are encoded each time: they are rarely repeated, and would pin memory. */
  private static final int MAX_CACHED_LENGTH = 4096;

  private final String[] strings = new String[SLOTS];
  private final byte[][] encodings = new byte[SLOTS][];

  byte[] utf8(String value) {
    if (value.length() > MAX_CACHED_LENGTH) {
      return value.getBytes(StandardCharsets.UTF_8);
    }
    int slot = System.identityHashCode(value) & (SLOTS - 1);
    if (strings[slot] == value) {
      return encodings[slot];
    }
    byte[] encoded = value.getBytes(StandardCharsets.UTF_8);
    strings[slot] = value;
    encodings[slot] = encoded;
    return encoded;
  }
}

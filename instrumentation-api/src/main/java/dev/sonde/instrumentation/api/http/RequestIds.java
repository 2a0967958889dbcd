package dev.sonde.instrumentation.api.http;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: the incoming {@code X-Request-ID} when it is safe to echo and log, otherwise a new
 * random UUID-formatted id. {@link java.util.UUID#randomUUID()} is not used: it draws from
 * SecureRandom, which contends and can block on an application thread.
 */
final class RequestIds {

  static final int MAX_LENGTH = 128;
  private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b',
      'c', 'd', 'e', 'f'};

  private RequestIds() {}

  /** {@code incoming} when it is 1–128 visible ASCII characters, else a new id. */
  static String acceptOrGenerate(String incoming) {
    return isSafe(incoming) ? incoming : generate();
  }

  static boolean isSafe(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c <= ' ' || c > '~') {
        return false;
      }
    }
    return true;
  }

  static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (random.nextLong() & ~(3L << 62)) | (2L << 62); // IETF variant
    // Latin-1 bytes, the form a compact string keeps: half the room of a char[].
    byte[] out = new byte[36];
    int pos = 0;
    for (int nibble = 15; nibble >= 0; nibble--) {
      if (pos == 8 || pos == 13) {
        out[pos++] = '-';
      }
      out[pos++] = HEX[(int) (high >>> (nibble * 4)) & 0xF];
    }
    for (int nibble = 15; nibble >= 0; nibble--) {
      if (pos == 18 || pos == 23) {
        out[pos++] = '-';
      }
      out[pos++] = HEX[(int) (low >>> (nibble * 4)) & 0xF];
    }
    return new String(out, StandardCharsets.ISO_8859_1);
  }
}

package dev.sonde.agent.trace;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random trace and span ids as longs, and their lower-case hex form. The SDK's generator encodes
 * through a {@code ThreadLocal} char buffer: on an application server's threads, which carry many
 * thread locals, that lookup alone cost more than the rest of making the id.
 * {@link ThreadLocalRandom} keeps its state in the {@code Thread} itself.
 */
final class SpanIds {

  private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b',
      'c', 'd', 'e', 'f'};

  private SpanIds() {}

  /** A random id that is never 0, the invalid id. */
  static long nonZero() {
    long id;
    do {
      id = ThreadLocalRandom.current().nextLong();
    } while (id == 0);
    return id;
  }

  /**
   * {@code value} as 16 lower-case hex digits. Written as Latin-1 bytes, the form a compact
   * string keeps: a {@code char[]} would take twice the room and be compressed into the same.
   */
  static String hex(long value) {
    byte[] out = new byte[16];
    write(value, out, 0);
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /** {@code high} then {@code low}, as 32 lower-case hex digits. */
  static String hex(long high, long low) {
    byte[] out = new byte[32];
    write(high, out, 0);
    write(low, out, 16);
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  private static void write(long value, byte[] out, int offset) {
    for (int i = 15; i >= 0; i--) {
      out[offset + i] = HEX[(int) value & 0xF];
      value >>>= 4;
    }
  }

  /** Sixteen hex digits of {@code hex} from {@code offset} as a long; the caller validated them. */
  static long parse(CharSequence hex, int offset) {
    long value = 0;
    for (int i = offset; i < offset + 16; i++) {
      value = (value << 4) | Character.digit(hex.charAt(i), 16);
    }
    return value;
  }

  /** {@code value} big-endian into 8 bytes of {@code out} from {@code offset}. */
  static void bytes(long value, byte[] out, int offset) {
    for (int i = 7; i >= 0; i--) {
      out[offset + i] = (byte) value;
      value >>>= 8;
    }
  }
}

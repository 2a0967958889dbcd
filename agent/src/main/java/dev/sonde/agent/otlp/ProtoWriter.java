package dev.sonde.agent.otlp;

import java.util.Arrays;

/**
 * Protocol buffers' wire format into one growable array, for the few message types OTLP needs.
 * A message is written in place and its length put in front afterwards: one byte is reserved for
 * it, and the content moves only when the length needs more than one.
 */
final class ProtoWriter {

  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;
  private static final int FIXED32 = 5;

  private final int initialCapacity;
  private final int maxKept;
  private byte[] buffer;
  private int position;

  /**
   * @param maxKept above this size the buffer is given back after use (a huge span, a big batch):
   *     a writer lives as long as its thread
   */
  ProtoWriter(int initialCapacity, int maxKept) {
    this.initialCapacity = initialCapacity;
    this.maxKept = maxKept;
    buffer = new byte[initialCapacity];
  }

  /** Starts again from empty, keeping the array unless an unusual message grew it large. */
  void reset() {
    position = 0;
    if (buffer.length > maxKept) {
      buffer = new byte[initialCapacity];
    }
  }

  /** The bytes written, from 0 to {@link #size()}; valid until the next write. */
  byte[] array() {
    return buffer;
  }

  int size() {
    return position;
  }

  /** Drops what was written after {@code size}, a {@link #size()} taken before. */
  void truncate(int size) {
    position = size;
  }

  /** Starts a length-delimited field; the return value goes to {@link #end}. */
  int begin(int field) {
    tag(field, LENGTH_DELIMITED);
    ensure(1);
    return position++;
  }

  /** Ends the field {@code begin} started: writes its length in front of its content. */
  void end(int start) {
    int length = position - start - 1;
    if (length < 0x80) {
      buffer[start] = (byte) length;
      return;
    }
    int extra = varintSize(length) - 1;
    ensure(extra);
    System.arraycopy(buffer, start + 1, buffer, start + 1 + extra, length);
    int at = start;
    int value = length;
    while ((value & ~0x7F) != 0) {
      buffer[at++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buffer[at] = (byte) value;
    position += extra;
  }

  /**
   * As UTF-8, char by char straight into the buffer: no byte array per string. A lone surrogate
   * becomes '?', as {@code String.getBytes(UTF_8)} writes it.
   */
  void string(int field, String value) {
    int start = begin(field);
    int length = value.length();
    // At most three bytes per char (a surrogate pair takes four for two chars).
    ensure(3 * length);
    byte[] out = buffer;
    int at = position;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        out[at++] = (byte) c;
      } else if (c < 0x800) {
        out[at++] = (byte) (0xC0 | c >> 6);
        out[at++] = (byte) (0x80 | c & 0x3F);
      } else if (!Character.isSurrogate(c)) {
        out[at++] = (byte) (0xE0 | c >> 12);
        out[at++] = (byte) (0x80 | c >> 6 & 0x3F);
        out[at++] = (byte) (0x80 | c & 0x3F);
      } else if (Character.isHighSurrogate(c) && i + 1 < length
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        int code = Character.toCodePoint(c, value.charAt(++i));
        out[at++] = (byte) (0xF0 | code >> 18);
        out[at++] = (byte) (0x80 | code >> 12 & 0x3F);
        out[at++] = (byte) (0x80 | code >> 6 & 0x3F);
        out[at++] = (byte) (0x80 | code & 0x3F);
      } else {
        out[at++] = '?';
      }
    }
    position = at;
    end(start);
  }

  void bytes(int field, byte[] value) {
    tag(field, LENGTH_DELIMITED);
    varint(value.length);
    ensure(value.length);
    System.arraycopy(value, 0, buffer, position, value.length);
    position += value.length;
  }

  /** A 16-byte id (a trace id) as two big-endian halves: no array to copy. */
  void id(int field, long high, long low) {
    tag(field, LENGTH_DELIMITED);
    ensure(17);
    buffer[position++] = 16;
    bigEndian(high);
    bigEndian(low);
  }

  /** An 8-byte id (a span id), big-endian. */
  void id(int field, long value) {
    tag(field, LENGTH_DELIMITED);
    ensure(9);
    buffer[position++] = 8;
    bigEndian(value);
  }

  private void bigEndian(long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      buffer[position++] = (byte) (value >>> shift);
    }
  }

  void uint64(int field, long value) {
    tag(field, VARINT);
    varint(value);
  }

  void bool(int field, boolean value) {
    tag(field, VARINT);
    varint(value ? 1 : 0);
  }

  void fixed64(int field, long value) {
    tag(field, FIXED64);
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buffer[position++] = (byte) value;
      value >>>= 8;
    }
  }

  void fixed32(int field, int value) {
    tag(field, FIXED32);
    ensure(4);
    for (int i = 0; i < 4; i++) {
      buffer[position++] = (byte) value;
      value >>>= 8;
    }
  }

  void double64(int field, double value) {
    fixed64(field, Double.doubleToRawLongBits(value));
  }

  private void tag(int field, int wireType) {
    varint((field << 3) | wireType);
  }

  private void varint(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      buffer[position++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buffer[position++] = (byte) value;
  }

  private static int varintSize(int value) {
    int size = 1;
    while ((value & ~0x7F) != 0) {
      value >>>= 7;
      size++;
    }
    return size;
  }

  private void ensure(int more) {
    if (position + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + more));
    }
  }
}

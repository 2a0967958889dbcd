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

  /** Above this the buffer is given back after use (a batch of huge spans, a big batch size). */
  private static final int MAX_KEPT = 4 << 20;

  private final int initialCapacity;
  private final EncodedStrings strings = new EncodedStrings();
  private byte[] buffer;
  private int position;

  ProtoWriter(int initialCapacity) {
    this.initialCapacity = initialCapacity;
    buffer = new byte[initialCapacity];
  }

  /** Starts again from empty, keeping the array unless an unusual request grew it large. */
  void reset() {
    position = 0;
    if (buffer.length > MAX_KEPT) {
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

  void string(int field, String value) {
    bytes(field, strings.utf8(value));
  }

  void bytes(int field, byte[] value) {
    tag(field, LENGTH_DELIMITED);
    varint(value.length);
    ensure(value.length);
    System.arraycopy(value, 0, buffer, position, value.length);
    position += value.length;
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

package dev.sonde.instrumentation.jedis;

import dev.sonde.instrumentation.api.redis.RedisCall;

/**
 * The commands sent on one connection whose replies have not been read, oldest first: a ring of
 * parallel arrays (no object per command beyond the {@link RedisCall}), grown by doubling up to
 * {@code max}. Beyond {@code max}, commands are not recorded but counted, so that their replies,
 * which come after those of every recorded command, are recognised and skipped.
 *
 * <p>Not thread-safe: {@link ConnectionState} guards it.
 */
final class PendingCommands {

  private final int max;
  private RedisCall[] calls;
  private byte[] roles;
  /** For SELECT: the database before it, restored if the server refuses it. */
  private long[] previousDatabases;
  private int head;
  private int size;
  /** Commands sent but not recorded because the ring was full; all newer than the ring's. */
  private int skipped;

  // What the popped entry was: read after pop().
  RedisCall call;
  byte role;
  long previousDatabase;

  PendingCommands(int max) {
    this.max = max;
    int initial = Math.min(max, 8);
    calls = new RedisCall[initial];
    roles = new byte[initial];
    previousDatabases = new long[initial];
  }

  /** True when the command must be recorded; false when it is only counted as skipped. */
  boolean hasRoom() {
    if (skipped == 0 && (size < calls.length || grow())) {
      return true;
    }
    skipped++;
    return false;
  }

  /** Appends a command; only after {@link #hasRoom} said true. */
  void add(RedisCall newCall, byte newRole, long newPreviousDatabase) {
    int tail = (head + size) % calls.length;
    calls[tail] = newCall;
    roles[tail] = newRole;
    previousDatabases[tail] = newPreviousDatabase;
    size++;
  }

  /**
   * Takes the oldest command into {@link #call}, {@link #role}, {@link #previousDatabase}. False
   * when no recorded command waits (a skipped one, or a reply nobody asked for: a pub/sub
   * message, a reply to a command sent before the agent started).
   */
  boolean pop() {
    if (size == 0) {
      if (skipped > 0) {
        skipped--;
      }
      return false;
    }
    call = calls[head];
    role = roles[head];
    previousDatabase = previousDatabases[head];
    calls[head] = null;
    head = (head + 1) % calls.length;
    size--;
    return true;
  }

  int size() {
    return size;
  }

  /** Forgets everything; the calls are returned, oldest first, for the caller to end or drop. */
  RedisCall[] clear() {
    RedisCall[] all = new RedisCall[size];
    for (int i = 0; i < size; i++) {
      int index = (head + i) % calls.length;
      all[i] = calls[index];
      calls[index] = null;
    }
    head = 0;
    size = 0;
    skipped = 0;
    call = null;
    return all;
  }

  private boolean grow() {
    if (calls.length >= max) {
      return false;
    }
    int length = Math.min(max, calls.length * 2);
    RedisCall[] newCalls = new RedisCall[length];
    byte[] newRoles = new byte[length];
    long[] newPrevious = new long[length];
    for (int i = 0; i < size; i++) {
      int index = (head + i) % calls.length;
      newCalls[i] = calls[index];
      newRoles[i] = roles[index];
      newPrevious[i] = previousDatabases[index];
    }
    calls = newCalls;
    roles = newRoles;
    previousDatabases = newPrevious;
    head = 0;
    return true;
  }
}

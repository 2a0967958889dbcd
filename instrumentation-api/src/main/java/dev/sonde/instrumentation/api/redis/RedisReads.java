package dev.sonde.instrumentation.api.redis;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which commands are cache reads, and how their reply counts hits and misses. Replies are plain
 * Java values, as each client's recorder hands them over: {@code null} (nil), {@code byte[]} or
 * {@code String} (bulk), {@code Number} (integer), {@code Boolean}, {@code List} (array, nil
 * elements as {@code null}), {@code Map}.
 */
final class RedisReads {

  /** How a read's reply tells hits from misses. */
  enum Kind {
    /** One value: nil is a miss (GET, HGET...). */
    VALUE,
    /** One value per key or field: each nil is a miss (MGET, HMGET). */
    VALUES,
    /** An integer count of keys found (EXISTS k1 k2...). */
    COUNT,
    /** 1/true is a hit, 0/false a miss (HEXISTS, SISMEMBER). */
    FLAG,
    /** An empty collection is a miss (HGETALL, SMEMBERS...). */
    COLLECTION
  }

  private static final Map<String, Kind> READS = new HashMap<String, Kind>();

  static {
    for (String c : new String[] {"GET", "GETDEL", "GETEX", "HGET", "LINDEX", "ZSCORE", "JSON.GET"}) {
      READS.put(c, Kind.VALUE);
    }
    READS.put("MGET", Kind.VALUES);
    READS.put("HMGET", Kind.VALUES);
    READS.put("EXISTS", Kind.COUNT);
    READS.put("HEXISTS", Kind.FLAG);
    READS.put("SISMEMBER", Kind.FLAG);
    for (String c : new String[] {"HGETALL", "SMEMBERS", "LRANGE", "ZRANGE", "HKEYS", "HVALS"}) {
      READS.put(c, Kind.COLLECTION);
    }
  }

  private RedisReads() {}

  /** The read kind of {@code command} (upper case), or null when it is not a read. */
  static Kind kindOf(String command) {
    return READS.get(command);
  }

  /**
   * Hits in {@code reply}; the misses are {@code asked - hits}, where {@code asked} is
   * {@link #asked}.
   */
  static int hits(Kind kind, Object reply) {
    switch (kind) {
      case VALUE:
        return reply != null ? 1 : 0;
      case VALUES:
        if (!(reply instanceof List)) {
          return 0;
        }
        int found = 0;
        for (Object value : (List<?>) reply) {
          if (value != null) {
            found++;
          }
        }
        return found;
      case COUNT:
        return reply instanceof Number ? ((Number) reply).intValue() : 0;
      case FLAG:
        return Boolean.TRUE.equals(reply)
            || (reply instanceof Number && ((Number) reply).longValue() != 0) ? 1 : 0;
      default:
        return !isEmpty(reply) ? 1 : 0;
    }
  }

  /** Lookups a read made: one per key for MGET, HMGET (fields), EXISTS; else one. */
  static int asked(Kind kind, int keyCount, Object reply) {
    if (kind == Kind.VALUES && reply instanceof List) {
      return ((List<?>) reply).size();
    }
    return kind == Kind.VALUES || kind == Kind.COUNT ? Math.max(1, keyCount) : 1;
  }

  private static boolean isEmpty(Object reply) {
    return reply == null
        || (reply instanceof Collection && ((Collection<?>) reply).isEmpty())
        || (reply instanceof Map && ((Map<?, ?>) reply).isEmpty());
  }
}

package dev.sonde.instrumentation.jdbc.sql;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Parsed statements by their raw SQL string: applications run the same few strings over and over,
 * so a span usually costs one map lookup, not a parse.
 *
 * <p>Bounded: once it holds {@code maxEntries} statements it stops storing, and new strings are
 * parsed on every use. Reads never lock.
 */
public final class SqlStatementCache {

  /** Longer SQL (generated bulk inserts) is parsed each time: such keys would hold megabytes. */
  static final int MAX_CACHED_SQL_LENGTH = 16 * 1024;

  // Fill once, never evict: hot statements come first, and an app inlining literals into unique SQL
  // strings would otherwise churn the map on every call (an eviction storm) instead of just missing.
  private final ConcurrentHashMap<String, SqlStatement> statements;
  private final AtomicInteger size = new AtomicInteger();
  private final int maxEntries;
  private final int maxTextLength;

  public SqlStatementCache(int maxEntries, int maxTextLength) {
    this.maxEntries = Math.max(0, maxEntries);
    this.maxTextLength = maxTextLength;
    this.statements = new ConcurrentHashMap<>(Math.min(this.maxEntries, 256));
  }

  /** The statement of {@code sql}, parsed once while there is room; {@code EMPTY} for null. */
  public SqlStatement get(String sql) {
    if (sql == null) {
      return SqlStatement.EMPTY;
    }
    SqlStatement cached = statements.get(sql);
    if (cached != null) {
      return cached;
    }
    SqlStatement parsed = SqlSanitizer.parse(sql, maxTextLength);
    if (sql.length() <= MAX_CACHED_SQL_LENGTH && reserveSlot()) {
      SqlStatement raced = statements.putIfAbsent(sql, parsed);
      if (raced != null) { // another thread stored it first: give the slot back
        size.decrementAndGet();
        return raced;
      }
    }
    return parsed;
  }

  /** How many statements are stored; never more than {@code maxEntries}. */
  public int size() {
    return size.get();
  }

  /** A slot is reserved before the put, so racing threads cannot overshoot the bound. */
  private boolean reserveSlot() {
    while (true) {
      int current = size.get();
      if (current >= maxEntries) {
        return false;
      }
      if (size.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }
}

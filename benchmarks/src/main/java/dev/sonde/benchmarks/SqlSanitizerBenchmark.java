package dev.sonde.benchmarks;

import dev.sonde.instrumentation.jdbc.sql.SqlSanitizer;
import dev.sonde.instrumentation.jdbc.sql.SqlStatement;
import dev.sonde.instrumentation.jdbc.sql.SqlStatementCache;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The statement a JDBC span carries: sanitized SQL, operation and table, parsed or from the cache. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class SqlSanitizerBenchmark {

  private static final int MAX_TEXT_LENGTH = 2048;

  /** The SQL measured, by the short name JMH prints. */
  private static final Map<String, String> QUERIES = Map.of(
      // a prepared statement: nothing to replace
      "prepared", "SELECT id, name, email FROM users WHERE id = ? AND active = ?",
      // literals of every common kind and an IN list of 10
      "literals", "SELECT * FROM orders WHERE customer = 'ACME Corp' AND total > 99.95"
          + " AND status IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10) AND note <> 'it''s done' LIMIT 50",
      // a reporting query of about 600 chars
      "report", "SELECT o.id, o.created_at, c.name AS customer_name, c.email, p.sku, p.title,"
          + " oi.quantity, oi.unit_price, s.carrier, s.tracking_number FROM shop.orders o"
          + " JOIN shop.customers c ON c.id = o.customer_id"
          + " JOIN shop.order_items oi ON oi.order_id = o.id"
          + " JOIN shop.products p ON p.id = oi.product_id"
          + " LEFT JOIN shop.shipments s ON s.order_id = o.id AND s.status <> 'CANCELLED'"
          + " WHERE o.created_at >= '2024-01-01 00:00:00' AND o.created_at < '2024-02-01 00:00:00'"
          + " AND c.country = 'DE' AND oi.unit_price BETWEEN 10.5 AND 2500"
          + " AND p.category_id IN (12, 14, 27)"
          + " /* monthly report */ ORDER BY o.created_at DESC, o.id LIMIT 500 OFFSET 1000");

  @Param({"prepared", "literals", "report"})
  public String query;

  private String sql;
  private SqlStatementCache cache;

  @Setup
  public void setUp() {
    sql = QUERIES.get(query);
    cache = new SqlStatementCache(1000, MAX_TEXT_LENGTH);
    cache.get(sql);
  }

  @Benchmark
  public SqlStatement parse() {
    return SqlSanitizer.parse(sql, MAX_TEXT_LENGTH);
  }

  @Benchmark
  public SqlStatement cachedGet() {
    return cache.get(sql);
  }
}

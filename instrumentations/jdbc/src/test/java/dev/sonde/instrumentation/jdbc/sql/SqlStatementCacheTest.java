package dev.sonde.instrumentation.jdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SqlStatementCacheTest {

  @Test
  void theSameStringGivesTheSameInstance() {
    SqlStatementCache cache = new SqlStatementCache(10, 100);
    SqlStatement first = cache.get("SELECT * FROM t WHERE a = 1");

    assertThat(cache.get("SELECT * FROM t WHERE a = 1")).isSameAs(first);
    assertThat(first.text).isEqualTo("SELECT * FROM t WHERE a = ?");
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void nullSqlGivesTheSharedEmptyStatement() {
    SqlStatementCache cache = new SqlStatementCache(10, 100);
    assertThat(cache.get(null)).isSameAs(SqlStatement.EMPTY);
    assertThat(cache.size()).isZero();
  }

  @Test
  void textIsCutAtTheCachesLimit() {
    assertThat(new SqlStatementCache(10, 6).get("SELECT * FROM t").text).isEqualTo("SELECT");
  }

  @Test
  void beyondCapacityStatementsAreParsedButNotStored() {
    SqlStatementCache cache = new SqlStatementCache(2, 100);
    SqlStatement a = cache.get("SELECT * FROM a");
    cache.get("SELECT * FROM b");
    SqlStatement c = cache.get("DELETE FROM c WHERE id = 7");

    assertThat(c.text).isEqualTo("DELETE FROM c WHERE id = ?");
    assertThat(c.spanName()).isEqualTo("DELETE c");
    assertThat(cache.get("DELETE FROM c WHERE id = 7")).isEqualTo(c).isNotSameAs(c);
    assertThat(cache.get("SELECT * FROM a")).isSameAs(a);
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void veryLongSqlIsNotStored() {
    SqlStatementCache cache = new SqlStatementCache(10, 100);
    String huge = "SELECT * FROM t WHERE a IN (" + "1, ".repeat(SqlStatementCache.MAX_CACHED_SQL_LENGTH) + "1)";

    assertThat(cache.get(huge).text).isEqualTo("SELECT * FROM t WHERE a IN (?)");
    assertThat(cache.size()).isZero();
  }

  @Test
  void racingThreadsNeverOvershootTheBound() throws Exception {
    SqlStatementCache cache = new SqlStatementCache(100, 100);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(threads.submit(() -> {
          for (int i = 0; i < 2_000; i++) {
            SqlStatement statement = cache.get("SELECT * FROM t" + i);
            assertThat(statement.table).isEqualTo("t" + i);
          }
        }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(cache.size()).isEqualTo(100);
    assertThat(cache.get("SELECT * FROM t5")).isSameAs(cache.get("SELECT * FROM t5"));
  }
}

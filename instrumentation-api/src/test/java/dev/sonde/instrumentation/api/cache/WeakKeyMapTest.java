package dev.sonde.instrumentation.api.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WeakKeyMapTest {

  /** Equal by value, so identity must be what the map compares. */
  record Statement(String sql) {}

  @Test
  void keysAreComparedByIdentityNotEquals() {
    WeakKeyMap<Statement, String> map = new WeakKeyMap<>(10);
    Statement first = new Statement("SELECT 1");
    Statement equalButOther = new Statement("SELECT 1");

    map.put(first, "first");

    assertThat(map.get(first)).isEqualTo("first");
    assertThat(map.get(equalButOther)).isNull();
    assertThat(map.remove(equalButOther)).isNull();
    assertThat(map.remove(first)).isEqualTo("first");
    assertThat(map.get(first)).isNull();
  }

  @Test
  void storesNothingOnceFullAndSaysSo() {
    WeakKeyMap<Object, Integer> map = new WeakKeyMap<>(2);
    Object a = new Object();
    Object b = new Object();
    Object c = new Object();

    assertThat(map.put(a, 1)).isTrue();
    assertThat(map.put(b, 2)).isTrue();
    assertThat(map.put(c, 3)).isFalse();

    assertThat(map.get(c)).isNull();
    assertThat(map.size()).isEqualTo(2);
  }

  @Test
  void doesNotKeepKeysAliveAndFreesTheirRoom() {
    WeakKeyMap<Object, byte[]> map = new WeakKeyMap<>(100);
    for (int i = 0; i < 100; i++) {
      map.put(new Object(), new byte[16]);
    }
    Object survivor = new Object();

    await().atMost(Duration.ofSeconds(10)).until(() -> {
      System.gc();
      return map.put(survivor, new byte[16]);
    });

    assertThat(map.get(survivor)).hasSize(16);
    assertThat(map.size()).isLessThan(100);
  }

  @Test
  void putIfAbsentKeepsTheFirstValueAndSaysWhenFull() {
    WeakKeyMap<Object, String> map = new WeakKeyMap<>(1);
    Object key = new Object();

    assertThat(map.putIfAbsent(key, "first")).isEqualTo("first");
    assertThat(map.putIfAbsent(key, "second")).isEqualTo("first");
    assertThat(map.putIfAbsent(new Object(), "other")).isNull();
    assertThat(map.get(key)).isEqualTo("first");
  }
}

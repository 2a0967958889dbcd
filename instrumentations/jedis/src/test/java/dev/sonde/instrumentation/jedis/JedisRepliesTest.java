package dev.sonde.instrumentation.jedis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.KeyValue;

class JedisRepliesTest {

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void plainRepliesAreHandedOverAsTheyAre() {
    byte[] bulk = bytes("v");
    List<Object> array = Arrays.asList(bulk, null, 3L, Arrays.asList(bytes("x"), null));
    assertThat(JedisReplies.plain(bulk)).isSameAs(bulk);
    assertThat(JedisReplies.plain(7L)).isEqualTo(7L);
    assertThat(JedisReplies.plain(null)).isNull();
    assertThat(JedisReplies.plain(1.5d)).isEqualTo(1.5d);
    assertThat(JedisReplies.plain(Boolean.TRUE)).isEqualTo(true);
    assertThat(JedisReplies.plain(array)).isSameAs(array);
  }

  @Test
  void resp3MapsBecomeMapsAndErrorsInsideArraysBecomeNil() {
    Object map = JedisReplies.plain(Arrays.asList(KeyValue.of(bytes("f"), bytes("v")),
        KeyValue.of(bytes("g"), 2L)));
    assertThat(map).isInstanceOf(Map.class);
    assertThat((Map<?, ?>) map).hasSize(2);

    Object list = JedisReplies.plain(Arrays.asList(bytes("ok"), new JedisDataException("ERR")));
    assertThat((List<?>) list).hasSize(2);
    assertThat(((List<?>) list).get(1)).isNull();
  }
}

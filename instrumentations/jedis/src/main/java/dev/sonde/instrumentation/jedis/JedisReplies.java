package dev.sonde.instrumentation.jedis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A raw Jedis reply (what {@code Protocol.read} returns) as the plain Java value the Redis
 * recorder reads: {@code byte[]} (bulk and status replies), {@code Long} (integers),
 * {@code null} (nil), {@code List} (arrays), and under RESP3 {@code Double}, {@code Boolean},
 * {@code BigInteger} and maps (a list of {@code KeyValue}, which are {@code Map.Entry}). Most
 * replies are already plain and are returned as they are; a list is copied only when it holds
 * something else: map entries, or errors (an error inside an array reply reads as nil).
 */
final class JedisReplies {

  /** Nesting looked into; deeper lists are passed as they are. */
  private static final int MAX_DEPTH = 4;

  private JedisReplies() {}

  static Object plain(Object reply) {
    return plain(reply, 0);
  }

  private static Object plain(Object value, int depth) {
    if (value == null || isScalar(value)) {
      return value;
    }
    if (value instanceof List) {
      List<?> list = (List<?>) value;
      return depth >= MAX_DEPTH || isPlain(list, depth) ? list : copy(list, depth);
    }
    if (value instanceof Map) {
      return value;
    }
    if (value instanceof Throwable) {
      return null;
    }
    return String.valueOf(value);
  }

  private static boolean isScalar(Object value) {
    return value instanceof byte[] || value instanceof Number || value instanceof String
        || value instanceof Boolean;
  }

  private static boolean isPlain(List<?> list, int depth) {
    for (int i = 0, n = list.size(); i < n; i++) {
      Object element = list.get(i);
      if (element == null || isScalar(element)) {
        continue;
      }
      if (element instanceof List && (depth + 1 >= MAX_DEPTH
          || isPlain((List<?>) element, depth + 1))) {
        continue;
      }
      return false;
    }
    return true;
  }

  private static Object copy(List<?> list, int depth) {
    if (!list.isEmpty() && list.get(0) instanceof Map.Entry) {
      Map<Object, Object> map = new LinkedHashMap<Object, Object>();
      for (Object element : list) {
        if (element instanceof Map.Entry) {
          Map.Entry<?, ?> entry = (Map.Entry<?, ?>) element;
          map.put(plain(entry.getKey(), depth + 1), plain(entry.getValue(), depth + 1));
        }
      }
      return map;
    }
    List<Object> copy = new ArrayList<Object>(list.size());
    for (Object element : list) {
      copy.add(plain(element, depth + 1));
    }
    return copy;
  }
}

package dev.sonde.e2e.app;

import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/** {@code GET /cache/{id}}: Redis {@code GET item:<id>}; a miss is an answer too, not an error. */
final class CacheServlet extends HttpServlet {

  private static final Logger LOG = LoggerFactory.getLogger(CacheServlet.class);

  private final transient JedisPool redis;

  CacheServlet(JedisPool redis) {
    this.redis = redis;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    InjectedCost.burn();
    int id = PathId.of(request);
    if (id < 0) {
      JsonResponse.send(response, HttpServletResponse.SC_BAD_REQUEST, "{\"error\":\"no id\"}");
      return;
    }
    String value;
    try (Jedis jedis = redis.getResource()) {
      value = jedis.get("item:" + id);
    }
    LOG.info("cache {} for item {}", value == null ? "miss" : "hit", id);
    JsonResponse.send(response, HttpServletResponse.SC_OK, value == null
        ? "{\"id\":" + id + ",\"hit\":false}"
        : "{\"id\":" + id + ",\"hit\":true,\"value\":\"" + value + "\"}");
  }
}

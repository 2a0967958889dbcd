package dev.sonde.smoke.apps.jedis3;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A {@code com.sun.net.httpserver} application on the old Jedis line (3.x, whose API predates
 * Jedis 4's rewrite of the connection layer), through a {@code JedisPool} authenticated with a
 * password, written as if the agent did not exist.
 *
 * <pre>
 *   /jedis/get/&lt;key&gt;             GET; 200 "key=value", "key=(nil)" when missing
 *   /jedis/set/&lt;key&gt;?value=&lt;v&gt;   SET key v; 200 "OK"
 *   anything else                 404
 * </pre>
 *
 * <p>A Jedis exception is answered with 500, its class and message. At start-up the app pings
 * Redis once (outside any request). Port: {@code args[0]} or {@code -Dapp.port}; Redis:
 * {@code -Dapp.redis.host} (default 127.0.0.1), {@code -Dapp.redis.port},
 * {@code -Dapp.redis.password}; log file {@code -Dapp.log.file}. Prints
 * {@code redis-jedis3 app ready on port <port>} once it listens.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private static JedisPool pool;

  private Main() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args.length > 0 ? args[0] : System.getProperty("app.port", "8080"));
    String redisHost = System.getProperty("app.redis.host", "127.0.0.1");
    int redisPort = Integer.parseInt(required("app.redis.port"));
    String password = required("app.redis.password");

    JedisPoolConfig config = new JedisPoolConfig();
    config.setMaxTotal(4);
    pool = new JedisPool(config, redisHost, redisPort, 2000, password);
    try (Jedis jedis = pool.getResource()) {
      LOG.info("Redis answers {}", jedis.ping());
    }

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.createContext("/", Main::handle);
    ExecutorService executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop(0);
      executor.shutdownNow();
      pool.close();
    }));
    System.out.println("redis-jedis3 app ready on port " + port);
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("-D" + property + " is required");
    }
    return value;
  }

  static void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    try (Jedis jedis = pool.getResource()) {
      if (path.startsWith("/jedis/get/")) {
        String key = path.substring("/jedis/get/".length());
        String value = jedis.get(key);
        send(exchange, 200, key + "=" + (value == null ? "(nil)" : value));
      } else if (path.startsWith("/jedis/set/")) {
        send(exchange, 200, jedis.set(path.substring("/jedis/set/".length()), value(exchange)));
      } else {
        send(exchange, 404, "not found");
      }
    } catch (JedisException e) {
      send(exchange, 500, e.getClass().getName() + "\n" + e.getMessage());
    }
  }

  /** Query parameter {@code value}, decoded; empty when absent. */
  private static String value(HttpExchange exchange) {
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        if (pair.startsWith("value=")) {
          return URLDecoder.decode(pair.substring("value=".length()), StandardCharsets.UTF_8);
        }
      }
    }
    return "";
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}

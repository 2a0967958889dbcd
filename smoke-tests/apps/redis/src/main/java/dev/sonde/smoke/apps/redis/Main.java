package dev.sonde.smoke.apps.redis;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code com.sun.net.httpserver} application that talks to Redis with Jedis 8 (a
 * {@code JedisPool}) and Lettuce 7 (one shared connection: sync, async and reactive), written as
 * if the agent did not exist. Values come back as {@code key=value}, a missing key as
 * {@code key=(nil)}. An exception the client throws is caught and answered with status 500 and its
 * class and message, one per line.
 *
 * <pre>
 *   /jedis/get/&lt;key&gt;                      GET through the pool
 *   /jedis/mget?keys=a,b,c                 MGET a b c
 *   /jedis/set/&lt;key&gt;?value=&lt;v&gt;            SET key v; "OK"
 *   /jedis/pipeline/&lt;key&gt;                 one pipeline: SET key piped, GET key, DEL key; "OK,piped,1"
 *   /jedis/copy/&lt;from&gt;/&lt;to&gt;               GET from, logs "copying &lt;from&gt; to &lt;to&gt;", SET to;
 *                                            "copied &lt;value&gt;" ("nothing to copy" when from is missing)
 *   /jedis/incr/&lt;key&gt;                     INCR key; "&lt;new value&gt;"
 *   /jedis/new-connection/get/&lt;key&gt;       a new Jedis connection for this request (connect,
 *                                            authenticate, GET, close)
 *   /lettuce/sync/get/&lt;key&gt;               GET on the sync API
 *   /lettuce/async/get/&lt;key&gt;              GET on the async API; the handler waits for the future,
 *                                            which Lettuce completes on its I/O thread:
 *                                            "key=value\ncompleted on &lt;thread name&gt;"
 *   /lettuce/reactive/get/&lt;key&gt;           GET on the reactive API, blocked on
 *   /lettuce/mget?keys=a,b,c               MGET a b c on the sync API
 *   /lettuce/no-context/get/&lt;key&gt;         a GET on the sync API from a thread started before any
 *                                           request, handed the key through a plain queue
 *   anything else                           404
 * </pre>
 *
 * <p>At start-up, before it listens, the app pings Redis once with each client (Jedis through the
 * pool, so its first connection is made then; Lettuce connects eagerly): commands outside any
 * request. Lettuce reconnects every 200 ms after losing its connection, and a command waits at most
 * one second for its reply.
 *
 * <p>Port: {@code args[0]} or {@code -Dapp.port}. Redis: {@code -Dapp.redis.host} (default
 * 127.0.0.1), {@code -Dapp.redis.port}, {@code -Dapp.redis.password}. Log file:
 * {@code -Dapp.log.file} (see logback.xml). Prints {@code redis app ready on port <port>} once it
 * listens.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private static JedisEndpoints jedis;
  private static LettuceEndpoints lettuce;

  private Main() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args.length > 0 ? args[0] : System.getProperty("app.port", "8080"));
    String redisHost = System.getProperty("app.redis.host", "127.0.0.1");
    int redisPort = Integer.parseInt(required("app.redis.port"));
    String password = required("app.redis.password");
    LOG.info("outside request");

    jedis = new JedisEndpoints(redisHost, redisPort, password);
    lettuce = new LettuceEndpoints(redisHost, redisPort, password);
    LOG.info("Redis answers {} to Jedis and {} to Lettuce", jedis.ping(), lettuce.ping());

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.createContext("/", Main::handle);
    ExecutorService executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop(0);
      executor.shutdownNow();
      jedis.close();
      lettuce.close();
    }));
    System.out.println("redis app ready on port " + port);
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
    List<String> parts = Arrays.asList(path.substring(1).split("/"));
    try {
      Reply reply = route(parts, exchange);
      send(exchange, reply.status(), reply.body());
    } catch (RuntimeException e) {
      LOG.error("unexpected failure on " + path, e);
      send(exchange, 500, "unexpected " + e);
    }
  }

  private static Reply route(List<String> parts, HttpExchange exchange) {
    String client = parts.get(0);
    if (client.equals("jedis")) {
      if (matches(parts, "get", 3)) {
        return jedis.get(parts.get(2));
      } else if (matches(parts, "mget", 2)) {
        return jedis.mget(keys(exchange));
      } else if (matches(parts, "set", 3)) {
        return jedis.set(parts.get(2), query(exchange, "value"));
      } else if (matches(parts, "pipeline", 3)) {
        return jedis.pipeline(parts.get(2));
      } else if (matches(parts, "copy", 4)) {
        return jedis.copy(parts.get(2), parts.get(3));
      } else if (matches(parts, "incr", 3)) {
        return jedis.incr(parts.get(2));
      } else if (parts.size() == 4 && parts.get(1).equals("new-connection")
          && parts.get(2).equals("get")) {
        return jedis.getOnANewConnection(parts.get(3));
      }
    } else if (client.equals("lettuce")) {
      if (parts.size() == 4 && parts.get(2).equals("get")) {
        String key = parts.get(3);
        switch (parts.get(1)) {
          case "sync":
            return lettuce.syncGet(key);
          case "async":
            return lettuce.asyncGet(key);
          case "reactive":
            return lettuce.reactiveGet(key);
          case "no-context":
            return lettuce.getOnAThreadNoRequestTouched(key);
          default:
            break;
        }
      } else if (matches(parts, "mget", 2)) {
        return lettuce.mget(keys(exchange));
      }
    }
    return new Reply(404, "not found");
  }

  private static boolean matches(List<String> parts, String operation, int size) {
    return parts.size() == size && parts.get(1).equals(operation);
  }

  private static String[] keys(HttpExchange exchange) {
    String keys = query(exchange, "keys");
    return keys == null || keys.isEmpty() ? new String[0] : keys.split(",");
  }

  /** The first value of query parameter {@code name}, decoded; null when absent. */
  private static String query(HttpExchange exchange, String name) {
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null) {
      return null;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** What a handler answers. */
  record Reply(int status, String body) {

    static Reply ok(String body) {
      return new Reply(200, body);
    }

    /** 500 with the exception the client threw: class and message, one per line. */
    static Reply failed(Exception e) {
      return new Reply(500, e.getClass().getName() + "\n" + e.getMessage());
    }
  }

  /** {@code k1=v1,k2=(nil)}, in the order asked. */
  static String pairs(String[] keys, List<String> values) {
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      pairs.add(pair(keys[i], values.get(i)));
    }
    return String.join(",", pairs);
  }

  static String pair(String key, String value) {
    return key + "=" + (value == null ? "(nil)" : value);
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

package dev.sonde.smoke.apps.log4j1;

import com.sun.net.httpserver.HttpExchange;
import dev.sonde.smoke.apps.fanout.FanOut;
import dev.sonde.smoke.apps.fanout.FanOutRequest;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.log4j.LogManager;
import org.apache.log4j.Logger;
import org.apache.log4j.MDC;

/**
 * A {@code com.sun.net.httpserver} application logging through Log4j 1.2, written as if the agent
 * did not exist. Every line goes out twice: through the logger {@code Main} (a plain file
 * appender) and through the logger {@code async} (an {@code AsyncAppender} in front of the same
 * file, which formats on its own thread), with " async" after the message.
 *
 * <pre>
 *   /users/&lt;id&gt;    200 "user &lt;id&gt;", logs "loading user &lt;id&gt;"
 *   /orders/&lt;id&gt;   200 "order &lt;id&gt;", logs "loading order &lt;id&gt;" with request_id=app-&lt;id&gt;
 *                  in the application's own MDC
 *   /fanout/&lt;id&gt;  hands work to other threads, see FanOut (through the logger Main only):
 *                  200 "fanned out &lt;id&gt;"
 *   /untraced/&lt;id&gt; a thread no request touched runs work on the same pools: 200 "untraced &lt;id&gt;"
 *   anything else  404
 * </pre>
 *
 * Port: {@code args[0]} or {@code -Dapp.port}. Log file: {@code -Dapp.log.file} (see log4j.xml).
 */
public final class Main {

  private static final String USERS = "/users/";
  private static final String ORDERS = "/orders/";
  private static final String FANOUT = "/fanout/";
  private static final String UNTRACED = "/untraced/";
  private static FanOut fanOut;

  private static Logger log;
  private static Logger async;

  private Main() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args.length > 0 ? args[0] : System.getProperty("app.port", "8080"));
    if (System.getProperty("app.log.file") == null) {
      System.setProperty("app.log.file", "app.log");
    }
    log = Logger.getLogger(Main.class);
    async = Logger.getLogger("async");
    info("outside request");
    fanOut = new FanOut(message -> log.info(message));

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.createContext("/", Main::handle);
    ExecutorService executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop(0);
      executor.shutdownNow();
      LogManager.shutdown();
    }));
  }

  static void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (path.startsWith(USERS) && path.length() > USERS.length()) {
      String id = path.substring(USERS.length());
      info("loading user " + id);
      send(exchange, 200, "user " + id);
    } else if (path.startsWith(ORDERS) && path.length() > ORDERS.length()) {
      String id = path.substring(ORDERS.length());
      MDC.put("request_id", "app-" + id);
      try {
        info("loading order " + id);
      } finally {
        MDC.remove("request_id");
      }
      send(exchange, 200, "order " + id);
    } else if (path.startsWith(FANOUT) || path.startsWith(UNTRACED)) {
      send(exchange, 200, FanOutRequest.handle(fanOut, path));
    } else {
      send(exchange, 404, "not found");
    }
  }

  private static void info(String message) {
    log.info(message);
    async.info(message + " async");
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

package dev.sonde.smoke.apps.jul;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * A {@code com.sun.net.httpserver} application logging through {@code java.util.logging} only, no
 * dependency at all, written as if the agent did not exist. Its handlers and formats come from the
 * file named by {@code -Djava.util.logging.config.file}.
 *
 * <pre>
 *   /users/&lt;id&gt;   200 "user &lt;id&gt;", logs "loading user &lt;id&gt;"
 *   anything else  404
 * </pre>
 *
 * The main thread, in no request, logs "tick &lt;n&gt;" every {@code -Dapp.tick.millis} (100) ms.
 * Port: {@code args[0]} or {@code -Dapp.port}.
 */
public final class Main {

  private static final Logger LOG = Logger.getLogger(Main.class.getName());
  private static final String USERS = "/users/";

  private Main() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int port = Integer.parseInt(args.length > 0 ? args[0] : System.getProperty("app.port", "8080"));
    long tickMillis = Long.getLong("app.tick.millis", 100);
    LOG.info("outside request");

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.createContext("/", Main::handle);
    ExecutorService executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop(0);
      executor.shutdownNow();
    }));
    for (long tick = 1; ; tick++) {
      Thread.sleep(tickMillis);
      LOG.info("tick " + tick);
    }
  }

  static void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (path.startsWith(USERS) && path.length() > USERS.length()) {
      String id = path.substring(USERS.length());
      LOG.info("loading user " + id);
      send(exchange, 200, "user " + id);
    } else {
      send(exchange, 404, "not found");
    }
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

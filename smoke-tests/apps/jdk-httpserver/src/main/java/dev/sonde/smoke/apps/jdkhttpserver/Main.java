package dev.sonde.smoke.apps.jdkhttpserver;

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
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/**
 * A {@code com.sun.net.httpserver} application with Log4j 2, written as if the agent did not exist.
 *
 * <pre>
 *   /users/&lt;id&gt;   200 "user &lt;id&gt;", logs "loading user &lt;id&gt;"
 *   /orders/&lt;id&gt;  200 "order &lt;id&gt; rejected", logs WARN "order &lt;id&gt; rejected" with an
 *                 IllegalArgumentException("no stock for order &lt;id&gt;"), order_id=&lt;id&gt; in the
 *                 ThreadContext
 *   /boom          the handler throws IllegalStateException("boom")
 *   /status/&lt;code&gt; answers &lt;code&gt; with body "status &lt;code&gt;", logs "answering &lt;code&gt;"
 *   /fanout/&lt;id&gt;  hands work to other threads, see FanOut: 200 "fanned out &lt;id&gt;"
 *   /untraced/&lt;id&gt; a thread no request touched runs work on the same pools: 200 "untraced &lt;id&gt;"
 *   anything else  404, sent by the handler itself
 * </pre>
 *
 * Port: {@code args[0]} or {@code -Dapp.port}. Log file: {@code -Dapp.log.file} (see log4j2.xml).
 * With {@code -Dapp.tick.millis=N}, a thread "ticker", in no request, logs "tick &lt;n&gt;" every N ms.
 * Log4j's asynchronous loggers ({@code -Dlog4j2.contextSelector=...AsyncLoggerContextSelector})
 * work too: the LMAX Disruptor is on the class path.
 */
public final class Main {

  private static final Logger LOG = LogManager.getLogger(Main.class);
  private static final String USERS = "/users/";
  private static final String FANOUT = "/fanout/";
  private static final String UNTRACED = "/untraced/";
  private static FanOut fanOut;
  private static final String ORDERS = "/orders/";
  private static final String STATUS = "/status/";

  private Main() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args.length > 0 ? args[0] : System.getProperty("app.port", "8080"));
    LOG.info("outside request");
    fanOut = new FanOut(LOG::info);
    startTicking();

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.createContext("/", Main::handle);
    ExecutorService executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop(0);
      executor.shutdownNow();
    }));
  }

  static void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (path.startsWith(USERS) && path.length() > USERS.length()) {
      String id = path.substring(USERS.length());
      LOG.info("loading user {}", id);
      send(exchange, 200, "user " + id);
    } else if (path.startsWith(FANOUT) || path.startsWith(UNTRACED)) {
      send(exchange, 200, FanOutRequest.handle(fanOut, path));
    } else if (path.startsWith(ORDERS) && path.length() > ORDERS.length()) {
      String id = path.substring(ORDERS.length());
      ThreadContext.put("order_id", id);
      try {
        LOG.warn("order {} rejected", id,
            new IllegalArgumentException("no stock for order " + id));
      } finally {
        ThreadContext.remove("order_id");
      }
      send(exchange, 200, "order " + id + " rejected");
    } else if (path.startsWith(STATUS) && path.length() > STATUS.length()) {
      int status = Integer.parseInt(path.substring(STATUS.length()));
      LOG.info("answering {}", status);
      send(exchange, status, "status " + status);
    } else if (path.equals("/boom")) {
      throw new IllegalStateException("boom");
    } else {
      send(exchange, 404, "not found");
    }
  }

  /** Lines outside any request, once the app runs: {@code -Dapp.tick.millis}. */
  private static void startTicking() {
    long millis = Long.getLong("app.tick.millis", 0);
    if (millis <= 0) {
      return;
    }
    Thread ticker = new Thread(() -> {
      try {
        for (long tick = 1; ; tick++) {
          Thread.sleep(millis);
          LOG.info("tick {}", tick);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "ticker");
    ticker.setDaemon(true);
    ticker.start();
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

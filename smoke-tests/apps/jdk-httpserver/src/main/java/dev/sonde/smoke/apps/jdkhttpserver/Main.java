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

/**
 * A {@code com.sun.net.httpserver} application with Log4j 2, written as if the agent did not exist.
 *
 * <pre>
 *   /users/&lt;id&gt;   200 "user &lt;id&gt;", logs "loading user &lt;id&gt;"
 *   /boom          the handler throws IllegalStateException("boom")
 *   /fanout/&lt;id&gt;  hands work to other threads, see FanOut: 200 "fanned out &lt;id&gt;"
 *   /untraced/&lt;id&gt; a thread no request touched runs work on the same pools: 200 "untraced &lt;id&gt;"
 *   anything else  404, sent by the handler itself
 * </pre>
 *
 * Port: {@code args[0]} or {@code -Dapp.port}. Log file: {@code -Dapp.log.file} (see log4j2.xml).
 */
public final class Main {

  private static final Logger LOG = LogManager.getLogger(Main.class);
  private static final String USERS = "/users/";
  private static final String FANOUT = "/fanout/";
  private static final String UNTRACED = "/untraced/";
  private static FanOut fanOut;

  private Main() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args.length > 0 ? args[0] : System.getProperty("app.port", "8080"));
    LOG.info("outside request");
    fanOut = new FanOut(LOG::info);

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
    } else if (path.equals("/boom")) {
      throw new IllegalStateException("boom");
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

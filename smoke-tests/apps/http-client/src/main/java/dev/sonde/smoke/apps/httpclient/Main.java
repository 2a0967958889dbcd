package dev.sonde.smoke.apps.httpclient;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A service that calls another, written as if the agent did not exist: a JDK HttpServer whose
 * handler makes one outgoing GET with the client named in the path.
 *
 * <pre>
 *   /call/&lt;client&gt;/&lt;host:port/path...&gt;   GET http://&lt;host:port/path...&gt; with &lt;client&gt;
 *       (see {@link Clients}); 200 "status &lt;code&gt;", or 200 "threw &lt;exception class&gt;"
 *       when the client threw. Header X-Own-Traceparent: the app sets this traceparent itself.
 *   /ping           200 "pong"
 *   anything else   404
 * </pre>
 *
 * Port: {@code args[0]} or {@code -Dapp.port}.
 */
public final class Main {

  private static final String CALL = "/call/";
  private static final Map<String, Client> CLIENTS = Clients.all();

  private Main() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args.length > 0 ? args[0] : System.getProperty("app.port", "8080"));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.createContext("/", Main::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  static void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    String query = exchange.getRequestURI().getRawQuery();
    if (path.equals("/ping")) {
      send(exchange, 200, "pong");
      return;
    }
    if (!path.startsWith(CALL)) {
      send(exchange, 404, "not found");
      return;
    }
    String rest = path.substring(CALL.length());
    int slash = rest.indexOf('/');
    Client client = slash < 0 ? null : CLIENTS.get(rest.substring(0, slash));
    if (client == null) {
      send(exchange, 404, "no such client");
      return;
    }
    String url = "http://" + rest.substring(slash + 1) + (query == null ? "" : "?" + query);
    Map<String, String> headers = new HashMap<>();
    String own = exchange.getRequestHeaders().getFirst("X-Own-Traceparent");
    if (own != null) {
      headers.put("traceparent", own);
    }
    String answer;
    try {
      answer = "status " + client.get(url, headers);
    } catch (Exception e) {
      answer = "threw " + e.getClass().getName();
    }
    send(exchange, 200, answer);
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}

package dev.sonde.instrumentation.api.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real local HTTP server (the JDK's) for HTTP client advice tests, keeping what each request
 * brought: {@code /status/<code>} answers that code, {@code /redirect} answers 302 to
 * {@code /status/200}, anything else 200.
 */
public final class RecordingServer implements AutoCloseable {

  /** One request as the server received it. */
  public record Received(String method, String path, String traceparent, String tracestate) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  private RecordingServer(HttpServer server) {
    this.server = server;
  }

  public static RecordingServer start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    RecordingServer recording = new RecordingServer(server);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      recording.received.add(new Received(exchange.getRequestMethod(),
          query == null ? path : path + "?" + query,
          exchange.getRequestHeaders().getFirst("traceparent"),
          exchange.getRequestHeaders().getFirst("tracestate")));
      int status = 200;
      if (path.startsWith("/status/")) {
        status = Integer.parseInt(path.substring("/status/".length()));
      } else if (path.equals("/redirect")) {
        status = 302;
        exchange.getResponseHeaders().set("Location", "/status/200");
      }
      byte[] body = ("status " + status).getBytes(StandardCharsets.UTF_8);
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return recording;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port><path>} */
  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  public List<Received> received() {
    return received;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

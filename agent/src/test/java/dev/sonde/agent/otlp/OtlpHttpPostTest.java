package dev.sonde.agent.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Given a collector at a URL, a post delivers the body and the headers, and says why it failed. */
class OtlpHttpPostTest {

  private final List<String> received = new CopyOnWriteArrayList<>();
  private HttpServer collector;
  private volatile int status = 200;

  private URL start() throws Exception {
    collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext("/v1/traces", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      received.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders()
          .getFirst("Content-Type") + " " + exchange.getRequestHeaders().getFirst("Api-Key")
          + " " + new String(body, "UTF-8"));
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    collector.start();
    return new URL("http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces");
  }

  @AfterEach
  void stop() {
    if (collector != null) {
      collector.stop(0);
    }
  }

  @Test
  void theBodyAndHeadersArrive() throws Exception {
    OtlpHttpPost post = new OtlpHttpPost(start(), Map.of("Api-Key", "secret"), 5000);
    assertThat(post.send("first...".getBytes("UTF-8"), 5)).isNull();
    assertThat(post.send("second".getBytes("UTF-8"), 6)).isNull();
    assertThat(received).containsExactly("POST application/x-protobuf secret first",
        "POST application/x-protobuf secret second");
  }

  @Test
  void aRefusingCollectorIsAFailureNamingTheStatus() throws Exception {
    status = 503;
    OtlpHttpPost post = new OtlpHttpPost(start(), Map.of(), 5000);
    assertThat(post.send(new byte[] {1}, 1)).startsWith("HTTP 503");
  }

  @Test
  void noCollectorIsAFailureNamingTheError() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    OtlpHttpPost post = new OtlpHttpPost(
        new URL("http://127.0.0.1:" + closedPort + "/v1/traces"), Map.of(), 2000);
    assertThat(post.send(new byte[] {1}, 1)).contains("ConnectException");
  }
}

package dev.sonde.e2e.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against a raw socket server that answers as Tomcat does, so every byte is under the test's control. */
class HttpConnectionTest {

  private final AtomicInteger accepted = new AtomicInteger();
  private final List<String> requestLines = new CopyOnWriteArrayList<>();
  private ServerSocket server;

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void keepsTheConnectionAliveAndOpensANewOneWhenTheServerSaysClose() throws Exception {
    // Like Tomcat's maxKeepAliveRequests: every third answer on a connection closes it.
    serve(3, "HTTP/1.1 201 \r\nContent-Type: application/json\r\nContent-Length: 11\r\n",
        "{\"id\":4711}");
    try (HttpConnection connection = new HttpConnection("127.0.0.1", server.getLocalPort(), 5000)) {
      byte[] request = HttpConnection.post("127.0.0.1", server.getLocalPort(), "/orders?item=7");
      for (int i = 0; i < 10; i++) {
        assertThat(connection.exchange(request)).isEqualTo(201);
      }
    }
    assertThat(accepted.get()).as("connections for 10 requests, 3 per connection").isEqualTo(4);
    assertThat(requestLines).hasSize(10).allMatch("POST /orders?item=7 HTTP/1.1"::equals);
  }

  @Test
  void readsTheStatusOfAnError() throws Exception {
    serve(100, "HTTP/1.1 404 \r\nContent-Length: 0\r\n", "");
    try (HttpConnection connection = new HttpConnection("127.0.0.1", server.getLocalPort(), 5000)) {
      byte[] request = HttpConnection.get("127.0.0.1", server.getLocalPort(), "/nothing");
      assertThat(connection.exchange(request)).isEqualTo(404);
      assertThat(connection.exchange(request)).isEqualTo(404);
    }
    assertThat(accepted.get()).isEqualTo(1);
  }

  @Test
  void refusesAChunkedAnswer() throws Exception {
    serve(100, "HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n");
    try (HttpConnection connection = new HttpConnection("127.0.0.1", server.getLocalPort(), 5000)) {
      assertThatThrownBy(() -> connection.exchange(
          HttpConnection.get("127.0.0.1", server.getLocalPort(), "/plain")))
          .isInstanceOf(IOException.class).hasMessageContaining("chunked");
    }
  }

  /**
   * Answers every request with {@code head} (without its blank line) and {@code body}; the
   * {@code perConnection}-th answer on a connection says {@code Connection: close} and closes it.
   */
  private void serve(int perConnection, String head, String body) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    Thread acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket socket = server.accept()) {
          accepted.incrementAndGet();
          answer(socket, perConnection, head, body);
        } catch (IOException closed) {
          // the test is over, or the client went away
        }
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void answer(Socket socket, int perConnection, String head, String body)
      throws IOException {
    BufferedReader in = new BufferedReader(
        new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    OutputStream out = socket.getOutputStream();
    for (int answered = 1; ; answered++) {
      String requestLine = in.readLine();
      if (requestLine == null) {
        return;
      }
      requestLines.add(requestLine);
      for (String header; !(header = in.readLine()).isEmpty(); ) {
        // headers are not looked at
      }
      boolean close = answered == perConnection;
      out.write((head + (close ? "Connection: close\r\n" : "") + "\r\n" + body)
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      if (close) {
        return;
      }
    }
  }
}

package dev.sonde.agent.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sonde.agent.export.ExportFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Given a collector at a URL, a post delivers the body and the headers, says why it failed and
 * whether to retry, and never takes longer than its timeout, whatever the collector does.
 */
class OtlpHttpPostTest {

  private final List<String> received = new CopyOnWriteArrayList<>();
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private HttpServer collector;
  private ServerSocket raw;
  private volatile int status = 200;
  private volatile String retryAfter;

  private URL start() throws Exception {
    collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext("/v1/traces", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      received.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders()
          .getFirst("Content-Type") + " " + exchange.getRequestHeaders().getFirst("Api-Key")
          + " " + new String(body, "UTF-8"));
      if (retryAfter != null) {
        exchange.getResponseHeaders().set("Retry-After", retryAfter);
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    collector.start();
    return new URL("http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces");
  }

  /** A raw collector: each accepted connection is given to {@code behaviour} on its own thread. */
  private URL startRaw(Consumer<Socket> behaviour) throws IOException {
    raw = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    Thread acceptor = new Thread(() -> {
      while (!raw.isClosed()) {
        try {
          Socket socket = raw.accept();
          accepted.add(socket);
          Thread handler = new Thread(() -> behaviour.accept(socket));
          handler.setDaemon(true);
          handler.start();
        } catch (IOException closed) {
          return;
        }
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
    return new URL("http://127.0.0.1:" + raw.getLocalPort() + "/v1/traces");
  }

  @AfterEach
  void stop() throws IOException {
    if (collector != null) {
      collector.stop(0);
    }
    if (raw != null) {
      raw.close();
    }
    for (Socket socket : accepted) {
      socket.close();
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
  void aServerErrorIsAFailureNamingTheStatusAndIsNotRetried() throws Exception {
    status = 500;
    OtlpHttpPost post = new OtlpHttpPost(start(), Map.of(), 5000);
    ExportFailure failure = post.send(new byte[] {1}, 1);
    assertThat(failure.reason()).startsWith("HTTP 500 from http://127.0.0.1:");
    assertThat(failure.retryable()).isFalse();
  }

  @Test
  void theStatusesOtlpCallsRetryableAreRetriedAtTheTimeRetryAfterNames() throws Exception {
    URL url = start();
    OtlpHttpPost post = new OtlpHttpPost(url, Map.of(), 5000);
    for (int retryable : new int[] {429, 502, 503, 504}) {
      status = retryable;
      retryAfter = null;
      ExportFailure failure = post.send(new byte[] {1}, 1);
      assertThat(failure.reason()).startsWith("HTTP " + retryable);
      assertThat(failure.retryable()).isTrue();
      assertThat(failure.retryAfterMillis()).as("no Retry-After: the backoff").isZero();
    }
    status = 429;
    retryAfter = "2";
    assertThat(post.send(new byte[] {1}, 1).retryAfterMillis()).isEqualTo(2000);
    for (int other : new int[] {400, 401, 403, 404, 413, 501}) {
      status = other;
      assertThat(post.send(new byte[] {1}, 1).retryable()).as("HTTP %d", other).isFalse();
    }
  }

  @Test
  void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
    long now = 1_700_000_000_000L;
    assertThat(OtlpHttpPost.retryAfterMillis("3", now)).isEqualTo(3000);
    assertThat(OtlpHttpPost.retryAfterMillis(" 0 ", now)).isZero();
    assertThat(OtlpHttpPost.retryAfterMillis(null, now)).isZero();
    assertThat(OtlpHttpPost.retryAfterMillis("soon", now)).isZero();
    assertThat(OtlpHttpPost.retryAfterMillis("-5", now)).isZero();
    // 2023-11-14T22:13:20Z is `now`; ten seconds later:
    assertThat(OtlpHttpPost.retryAfterMillis("Tue, 14 Nov 2023 22:13:30 GMT", now))
        .isEqualTo(10_000);
    assertThat(OtlpHttpPost.retryAfterMillis("Tue, 14 Nov 2023 22:13:00 GMT", now)).isZero();
  }

  @Test
  void noCollectorIsAFailureNamingTheError() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    OtlpHttpPost post = new OtlpHttpPost(
        new URL("http://127.0.0.1:" + closedPort + "/v1/traces"), Map.of(), 2000);
    ExportFailure failure = post.send(new byte[] {1}, 1);
    assertThat(failure.reason()).contains("ConnectException");
    assertThat(failure.retryable()).isFalse();
  }

  @Test
  @Timeout(10)
  void aCollectorThatStopsReadingMidUploadFailsTheRequestAtItsTimeout() throws Exception {
    // Accepts and never reads: the upload fills the socket buffers and the write blocks, which
    // no socket timeout of the JDK's client bounds.
    OtlpHttpPost post = new OtlpHttpPost(startRaw(socket -> { }), Map.of(), 500);
    byte[] body = new byte[64 << 20];

    long started = System.nanoTime();
    ExportFailure failure = post.send(body, body.length);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(failure.reason())
        .startsWith("no answer within 500 ms (sonde.exporter.otlp.timeout)");
    assertThat(failure.retryable()).isFalse();
    assertThat(took).isBetween(Duration.ofMillis(450), Duration.ofMillis(2000));
  }

  @Test
  @Timeout(10)
  void aCollectorThatReadsButNeverAnswersFailsTheRequestAtItsTimeout() throws Exception {
    OtlpHttpPost post = new OtlpHttpPost(startRaw(OtlpHttpPostTest::readForever), Map.of(), 500);

    long started = System.nanoTime();
    ExportFailure failure = post.send(new byte[1000], 1000);

    assertThat(failure.reason()).contains("no answer within 500 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2000));
  }

  @Test
  @Timeout(10)
  void aCollectorThatTricklesItsAnswerIsCutOffAtTheTimeoutThoughEachReadIsQuick()
      throws Exception {
    OtlpHttpPost post = new OtlpHttpPost(startRaw(socket -> {
      try {
        readHeadersAndBody(socket, 100);
        OutputStream out = socket.getOutputStream();
        out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 100_000; i++) {
          out.write('x');
          out.flush();
          Thread.sleep(50);
        }
      } catch (IOException | InterruptedException e) {
        // the agent hung up
      }
    }), Map.of(), 700);

    long started = System.nanoTime();
    ExportFailure failure = post.send(new byte[100], 100);

    assertThat(failure).isNotNull();
    assertThat(failure.reason()).contains("no answer within 700 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
  }

  @Test
  @Timeout(10)
  void anAnswerThatIsNotHttpIsAFailure() throws Exception {
    OtlpHttpPost post = new OtlpHttpPost(startRaw(socket -> {
      try {
        readHeadersAndBody(socket, 10);
        socket.getOutputStream().write("\u0000\u0001garbage, not HTTP\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1));
        socket.close();
      } catch (IOException e) {
        // the agent hung up
      }
    }), Map.of(), 2000);

    ExportFailure failure = post.send(new byte[10], 10);

    assertThat(failure).isNotNull();
    assertThat(failure.retryable()).isFalse();
  }

  @Test
  void deadlinesShareOneWatchdogThreadAndTheRequestsThatBeatThemLeaveNothingBehind()
      throws Exception {
    OtlpHttpPost post = new OtlpHttpPost(start(), Map.of(), 5000);
    for (int i = 0; i < 200; i++) {
      assertThat(post.send(new byte[] {1}, 1)).isNull();
    }
    assertThat(Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("sonde-export-watchdog"))).hasSize(1);
  }

  private static void readForever(Socket socket) {
    try {
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      while (in.read(buffer) >= 0) {
        // read and never answer
      }
    } catch (IOException e) {
      // the agent hung up
    }
  }

  /** Reads the request's head and {@code bodyLength} bytes of body. */
  private static void readHeadersAndBody(Socket socket, int bodyLength) throws IOException {
    InputStream in = socket.getInputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed");
      }
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    in.readNBytes(bodyLength);
  }
}

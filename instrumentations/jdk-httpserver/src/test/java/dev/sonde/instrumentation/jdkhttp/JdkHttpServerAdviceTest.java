package dev.sonde.instrumentation.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.sonde.bootstrap.Hooks;
import dev.sonde.bootstrap.HttpServerHook;
import dev.sonde.instrumentation.api.testing.AdviceHarness;
import dev.sonde.instrumentation.api.testing.RecordingHttpServerHook;
import dev.sonde.instrumentation.api.testing.ShapeCoverage;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The module's advice in the JDK's real {@code HttpServer} on an ephemeral port: the JDK's
 * {@code Filter.Chain} is retransformed in place by the harness (it cannot be loaded again in
 * another loader), and the bootstrap classes are on the boot class path (the surefire
 * configuration), as in the agent.
 */
class JdkHttpServerAdviceTest {

  private AdviceHarness harness;
  private RecordingHttpServerHook hook;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    assertThat(Hooks.class.getClassLoader()).as("the bootstrap classes on the boot class path")
        .isNull();
    harness = AdviceHarness.of(new JdkHttpServerInstrumentation())
        .retransformJdkClasses("com.sun.net.httpserver.Filter$Chain");
    hook = RecordingHttpServerHook.install();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/orders", exchange -> {
      int status = exchange.getRequestURI().getPath().endsWith("/fail") ? 503 : 201;
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop(0);
    hook.close();
    harness.close();
  }

  @Test
  void aRequestIsStartedWithWhatTheExchangeSaysAndEndedWithItsStatus() throws Exception {
    HttpURLConnection connection = get("/orders/42?page=2");
    assertThat(connection.getResponseCode()).isEqualTo(201);
    assertThat(connection.getHeaderField(HttpServerHook.REQUEST_ID_HEADER))
        .isEqualTo(RecordingHttpServerHook.REQUEST_ID);

    // The client can read the response before the server's thread has left the handler.
    await("the request ended").atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(hook.methods())
            .containsExactly("start", "requestId", "end"));
    assertThat(hook.calls("start").get(0).args().subList(0, 8)).containsExactly("GET", "http",
        "127.0.0.1", server.getAddress().getPort(), "/orders/42", "page=2", "HTTP/1.1",
        "127.0.0.1");
    assertThat(hook.calls("end").get(0).args().subList(1, 4)).containsExactly(201, null, null);
  }

  @Test
  void theAgentsOwnServerIsNotRecorded() throws Exception {
    Hooks.agentHttpServer = server;
    try {
      assertThat(get("/orders/fail").getResponseCode()).isEqualTo(503);
      assertThat(hook.calls()).isEmpty();
    } finally {
      Hooks.agentHttpServer = null;
    }
  }

  @Test
  void theLibraryShapeCoversWhatTheAdviceReferences() {
    // The JDK's own API, unchanged since Java 6: the shape names what the advice's outermost
    // call and the agent's own servers need, not every getter of a JDK that has them all.
    String always = "in every JDK with com.sun.net.httpserver";
    ShapeCoverage.assertCovered(new JdkHttpServerInstrumentation(), Map.of(
        "com.sun.net.httpserver.Headers", always,
        "com.sun.net.httpserver.HttpsExchange", always,
        "com.sun.net.httpserver.HttpExchange.getProtocol()", always,
        "com.sun.net.httpserver.HttpExchange.getRequestMethod()", always,
        "com.sun.net.httpserver.HttpExchange.getRequestURI()", always));
  }

  private HttpURLConnection get(String path) throws Exception {
    HttpURLConnection connection = (HttpURLConnection) new URL(
        "http://127.0.0.1:" + server.getAddress().getPort() + path).openConnection();
    connection.getResponseCode();
    connection.disconnect();
    return connection;
  }
}

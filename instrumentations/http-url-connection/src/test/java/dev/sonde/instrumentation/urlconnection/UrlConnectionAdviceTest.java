package dev.sonde.instrumentation.urlconnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.sonde.bootstrap.CallDepth;
import dev.sonde.bootstrap.Hooks;
import dev.sonde.bootstrap.urlconnection.UrlConnectionHook;
import dev.sonde.bootstrap.urlconnection.UrlConnectionHooks;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.http.HttpClientRecorder;
import dev.sonde.instrumentation.api.metrics.Metrics;
import dev.sonde.instrumentation.api.testing.AdviceHarness;
import dev.sonde.instrumentation.api.testing.ShapeCoverage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module's advice in the JDK's real {@code HttpURLConnection} (retransformed in place by the
 * harness, the bootstrap classes on the boot class path as in the agent), with the real
 * recorders behind the hook, against a JDK {@code HttpServer} on an ephemeral port.
 */
class UrlConnectionAdviceTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final CollectorRegistry registry = new CollectorRegistry(true);
  private final Tracer tracer = SdkTracerProvider.builder()
      .addSpanProcessor(SimpleSpanProcessor.create(spans)).build().get("test");
  /** The traceparent each request reached the server with ("-" for none). */
  private final List<String> received = new CopyOnWriteArrayList<>();
  private AdviceHarness harness;
  private HttpServer server;
  private String base;
  private HttpsServer httpsServer;

  @BeforeEach
  void start() throws Exception {
    assertThat(Hooks.class.getClassLoader()).as("the bootstrap classes on the boot class path")
        .isNull();
    harness = AdviceHarness.of(new UrlConnectionInstrumentation()).retransformJdkClasses();
    Telemetry telemetry = new Telemetry(tracer, new Metrics(registry, new double[] {1}, 100),
        new Config(Map.of(), Map.of(), new Properties()));
    UrlConnectionHooks.hook = new UrlConnectionRecorder(HttpClientRecorder.of(telemetry));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void answer(HttpExchange exchange) throws IOException {
    String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
    received.add(traceparent == null ? "-" : traceparent);
    exchange.getRequestBody().readAllBytes();
    String path = exchange.getRequestURI().getPath();
    int status = path.equals("/fail") ? 500 : path.equals("/missing") ? 404
        : path.equals("/moved") ? 302 : 200;
    if (status == 302) {
      exchange.getResponseHeaders().set("Location", "/items");
    }
    byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop(0);
    if (httpsServer != null) {
      httpsServer.stop(0);
    }
    UrlConnectionHooks.hook = UrlConnectionHook.NOOP;
    harness.close();
  }

  @Test
  void repeatedCallsOnOneConnectionAreOneClientSpanWithTheContextSentOnce() throws Exception {
    Span parent = inRequest(() -> {
      HttpURLConnection connection = open("/items/7?token=s3cret&page=2");
      assertThat(connection.getResponseCode()).isEqualTo(200);
      try (InputStream in = connection.getInputStream()) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("ok");
      }
      assertThat(connection.getHeaderField("Content-Length")).isEqualTo("2");
      assertThat(connection.getResponseCode()).isEqualTo(200);
    });

    SpanData span = onlyClientSpan();
    assertThat(span.getName()).isEqualTo("GET");
    assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(span.getAttributes().asMap())
        .containsEntry(AttributeKey.stringKey("url.full"),
            base + "/items/7?token=REDACTED&page=2")
        .containsEntry(AttributeKey.longKey("http.response.status_code"), 200L)
        .containsEntry(AttributeKey.stringKey("network.protocol.version"), "1.1")
        .containsEntry(AttributeKey.longKey("server.port"), (long) server.getAddress().getPort());
    assertThat(received).singleElement().asString()
        .startsWith("00-" + span.getTraceId() + "-" + span.getSpanId() + "-");
    assertThat(requests("GET", "200")).isEqualTo(1);
  }

  @Test
  void aPostStartsAtItsBodyAndEndsAtItsResponse() throws Exception {
    inRequest(() -> {
      HttpURLConnection connection = open("/orders");
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      try (OutputStream out = connection.getOutputStream()) {
        out.write("{}".getBytes(StandardCharsets.UTF_8));
      }
      assertThat(connection.getResponseCode()).isEqualTo(200);
    });

    assertThat(onlyClientSpan().getName()).isEqualTo("POST");
    assertThat(received).singleElement().asString().startsWith("00-");
    assertThat(requests("POST", "200")).isEqualTo(1);
  }

  @Test
  void aGetWhoseBodyIsWrittenIsRecordedAsThePostTheJdkSends() throws Exception {
    inRequest(() -> {
      HttpURLConnection connection = open("/orders"); // no setRequestMethod: a GET
      connection.setDoOutput(true);
      connection.connect(); // the request starts as a GET
      try (OutputStream out = connection.getOutputStream()) { // the JDK makes it a POST
        out.write("{}".getBytes(StandardCharsets.UTF_8));
      }
      assertThat(connection.getResponseCode()).isEqualTo(200);
    });

    SpanData span = onlyClientSpan();
    assertThat(span.getName()).isEqualTo("POST");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("http.request.method")))
        .isEqualTo("POST");
    assertThat(requests("POST", "200")).isEqualTo(1);
    assertThat(requests("GET", "200")).isZero();
  }

  @Test
  void aPostTheJdkRedirectsAsAGetIsRecordedAsThePostTheApplicationSent() throws Exception {
    inRequest(() -> {
      HttpURLConnection connection = open("/moved");
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      try (OutputStream out = connection.getOutputStream()) {
        out.write("{}".getBytes(StandardCharsets.UTF_8));
      }
      assertThat(connection.getResponseCode()).isEqualTo(200);
      assertThat(connection.getRequestMethod()).as("the JDK followed the 302 with a GET")
          .isEqualTo("GET");
    });

    assertThat(onlyClientSpan().getName()).isEqualTo("POST");
    assertThat(requests("POST", "200")).isEqualTo(1);
  }

  @Test
  void aNotFoundReadFirstThroughGetHeaderFieldIsItsStatusWithNoExceptionTheAppNeverSaw()
      throws Exception {
    inRequest(() -> {
      HttpURLConnection connection = open("/missing");
      assertThat(connection.getHeaderField("Content-Length")).isEqualTo("2");
      assertThat(connection.getResponseCode()).isEqualTo(404);
    });

    SpanData span = onlyClientSpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("404");
    assertThat(span.getEvents()).as("no exception event").isEmpty();
    assertThat(requests("GET", "404")).isEqualTo(1);
    assertThat(errors("java.io.FileNotFoundException")).isZero();
  }

  @Test
  void aRefusedConnectionSeenOnlyAsANullContentTypeIsAFailedRequestButNoError()
      throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    inRequest(() -> assertThat(((HttpURLConnection) new URL("http://127.0.0.1:" + closed + "/x")
        .openConnection()).getContentType()).isNull());

    SpanData span = onlyClientSpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("java.net.ConnectException");
    assertThat(span.getEvents()).as("no exception event").isEmpty();
    assertThat(registry.getSampleValue("http_client_requests_total",
        new String[] {"method", "server_address", "status_code"},
        new String[] {"GET", "127.0.0.1:" + closed, "_none"})).isEqualTo(1);
    assertThat(errors("java.net.ConnectException")).isZero();
  }

  @Test
  void withNoSpanCurrentTheRequestIsMeasuredButGetsNoHeader() throws Exception {
    assertThat(open("/items").getResponseCode()).isEqualTo(200);

    assertThat(spans.getFinishedSpanItems()).isEmpty();
    assertThat(received).containsExactly("-");
    assertThat(requests("GET", "200")).isEqualTo(1);
  }

  @Test
  void aTraceparentTheApplicationSetIsLeftAlone() throws Exception {
    String own = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    inRequest(() -> {
      HttpURLConnection connection = open("/items");
      connection.setRequestProperty("traceparent", own);
      assertThat(connection.getResponseCode()).isEqualTo(200);
    });

    assertThat(received).containsExactly(own);
    assertThat(onlyClientSpan().getName()).isEqualTo("GET");
  }

  @Test
  void aServerErrorThrownByGetInputStreamReachesTheAppUnchangedAndIsAnErrorSpan()
      throws Exception {
    inRequest(() -> {
      HttpURLConnection connection = open("/fail");
      assertThatThrownBy(connection::getInputStream).isExactlyInstanceOf(IOException.class)
          .hasMessageContaining("500");
    });

    SpanData span = onlyClientSpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("500");
    assertThat(requests("GET", "500")).isEqualTo(1);
    assertThat(errors("java.io.IOException")).isEqualTo(1);
  }

  @Test
  void aNotFoundReadWithGetResponseCodeIsAnErrorSpanButNoException() throws Exception {
    inRequest(() -> assertThat(open("/missing").getResponseCode()).isEqualTo(404));

    assertThat(onlyClientSpan().getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(requests("GET", "404")).isEqualTo(1);
    assertThat(errors("java.io.FileNotFoundException")).isZero();
  }

  @Test
  void aRefusedConnectionThrowsTheSameExceptionAndIsCountedOnce() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    HttpURLConnection[] connection = new HttpURLConnection[1];
    inRequest(() -> {
      connection[0] = (HttpURLConnection) new URL("http://127.0.0.1:" + closed + "/x")
          .openConnection();
      assertThatThrownBy(connection[0]::getResponseCode).isInstanceOf(ConnectException.class);
      assertThatThrownBy(connection[0]::getInputStream).isInstanceOf(ConnectException.class);
    });

    SpanData span = onlyClientSpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("java.net.ConnectException");
    assertThat(registry.getSampleValue("http_client_requests_total",
        new String[] {"method", "server_address", "status_code"},
        new String[] {"GET", "127.0.0.1:" + closed, "_none"})).isEqualTo(1);
    assertThat(errors("java.net.ConnectException")).isEqualTo(1);
  }

  @Test
  void insideTheAgentsOwnDepthNothingIsRecordedOrSent() throws Exception {
    int[] depths = CallDepth.ofThread();
    Hooks.HTTP_CLIENT_DEPTH.enter(depths);
    try {
      inRequest(() -> assertThat(open("/v1/traces").getResponseCode()).isEqualTo(200));
    } finally {
      Hooks.HTTP_CLIENT_DEPTH.exit(depths);
    }

    assertThat(spans.getFinishedSpanItems()).noneMatch(s -> s.getKind() == SpanKind.CLIENT);
    assertThat(received).containsExactly("-");
    assertThat(registry.getSampleValue("http_client_requests_total",
        new String[] {"method", "server_address", "status_code"},
        new String[] {"GET", "127.0.0.1:" + server.getAddress().getPort(), "200"})).isNull();
  }

  @Test
  void anHttpsRequestStartedByConnectCarriesTheContext(@TempDir Path dir) throws Exception {
    SSLContext tls = startHttpsServer(dir);
    Span parent = inRequest(() -> {
      HttpsURLConnection connection = openHttps("/items");
      connection.setSSLSocketFactory(tls.getSocketFactory());
      connection.connect(); // as Spring's SimpleClientHttpRequestFactory does
      assertThat(connection.getResponseCode()).isEqualTo(200);
    });

    SpanData span = onlyClientSpan();
    assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(span.getAttributes().get(AttributeKey.stringKey("url.full")))
        .startsWith("https://127.0.0.1:");
    assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
        .isEqualTo(200L);
    assertThat(received).singleElement().asString()
        .startsWith("00-" + span.getTraceId() + "-" + span.getSpanId() + "-");
  }

  @Test
  void aFailedTlsHandshakeInConnectIsRecordedWithItsException(@TempDir Path dir)
      throws Exception {
    startHttpsServer(dir);
    inRequest(() -> {
      HttpsURLConnection connection = openHttps("/items"); // the default trust: not ours
      assertThatThrownBy(connection::connect).isInstanceOf(SSLHandshakeException.class);
    });

    SpanData span = onlyClientSpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo(SSLHandshakeException.class.getName());
    assertThat(registry.getSampleValue("http_client_requests_total",
        new String[] {"method", "server_address", "status_code"},
        new String[] {"GET", "127.0.0.1:" + httpsServer.getAddress().getPort(), "_none"}))
        .isEqualTo(1);
    assertThat(errors(SSLHandshakeException.class.getName())).isEqualTo(1);
  }

  @Test
  void theLibraryShapeCoversWhatTheAdviceReferences() {
    ShapeCoverage.assertCovered(new UrlConnectionInstrumentation());
  }

  private interface Call {
    void run() throws Exception;
  }

  private Span inRequest(Call call) throws Exception {
    Span parent = tracer.spanBuilder("GET /orders").setSpanKind(SpanKind.SERVER).startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      call.run();
    } finally {
      parent.end();
    }
    return parent;
  }

  /**
   * An https server on an ephemeral port with a self-signed certificate made by the JDK's
   * keytool for 127.0.0.1; returns a client TLS context that trusts it.
   */
  private SSLContext startHttpsServer(Path dir) throws Exception {
    Path keys = dir.resolve("server.p12");
    char[] password = "changeit".toCharArray();
    Process keytool = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
        "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1",
        "-storetype", "PKCS12", "-keystore", keys.toString(),
        "-storepass", new String(password), "-keypass", new String(password))
        .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor()).as(output).isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keys)) {
      store.load(in, password);
    }
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(store, password);
    SSLContext serverTls = SSLContext.getInstance("TLS");
    serverTls.init(keyManagers.getKeyManagers(), null, null);
    httpsServer = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    httpsServer.setHttpsConfigurator(new HttpsConfigurator(serverTls));
    httpsServer.createContext("/", this::answer);
    httpsServer.start();

    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext clientTls = SSLContext.getInstance("TLS");
    clientTls.init(null, trust.getTrustManagers(), null);
    return clientTls;
  }

  private HttpsURLConnection openHttps(String path) throws IOException {
    return (HttpsURLConnection) new URL("https://127.0.0.1:" + httpsServer.getAddress().getPort()
        + path).openConnection();
  }

  private HttpURLConnection open(String path) throws IOException {
    return (HttpURLConnection) new URL(base + path).openConnection();
  }

  private SpanData onlyClientSpan() {
    List<SpanData> client = spans.getFinishedSpanItems().stream()
        .filter(s -> s.getKind() == SpanKind.CLIENT).collect(Collectors.toList());
    assertThat(client).hasSize(1);
    return client.get(0);
  }

  private double requests(String method, String status) {
    Double value = registry.getSampleValue("http_client_requests_total",
        new String[] {"method", "server_address", "status_code"},
        new String[] {method, "127.0.0.1:" + server.getAddress().getPort(), status});
    return value == null ? 0 : value;
  }

  private double errors(String type) {
    Double value = registry.getSampleValue("errors_total",
        new String[] {"error_type", "component"}, new String[] {type, "http_client"});
    return value == null ? 0 : value;
  }
}

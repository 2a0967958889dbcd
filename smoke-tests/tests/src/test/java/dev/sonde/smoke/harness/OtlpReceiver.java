package dev.sonde.smoke.harness;

import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * A minimal OTLP/HTTP collector on 127.0.0.1: accepts {@code POST /v1/traces} (protobuf, optionally
 * gzip-compressed), keeps every span with its resource attributes, and answers 200 with an empty
 * {@code ExportTraceServiceResponse}. {@code /v1/metrics} and {@code /v1/logs} are accepted and
 * ignored.
 */
public final class OtlpReceiver implements AutoCloseable {

  public static final Duration WAIT = Duration.ofSeconds(15);

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
  private final List<String> rejected = new CopyOnWriteArrayList<>();
  private final AtomicInteger traceRequests = new AtomicInteger();

  private OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(Ports.LOOPBACK), 0), 50);
    server.createContext("/v1/traces", this::traces);
    server.createContext("/v1/metrics", this::ignored);
    server.createContext("/v1/logs", this::ignored);
    server.setExecutor(executor);
    server.start();
  }

  public static OtlpReceiver start() {
    try {
      return new OtlpReceiver();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** What to configure as the OTLP endpoint (the agent appends {@code /v1/traces}). */
  public String endpoint() {
    return "http://" + Ports.LOOPBACK + ":" + port();
  }

  private void traces(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        reject(exchange, 405, exchange.getRequestMethod() + " /v1/traces");
        return;
      }
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (contentType == null || !contentType.startsWith("application/x-protobuf")) {
        reject(exchange, 415, "Content-Type " + contentType);
        return;
      }
      ExportTraceServiceRequest request;
      try (InputStream body = body(exchange)) {
        request = ExportTraceServiceRequest.parseFrom(body);
      } catch (IOException e) {
        reject(exchange, 400, "undecodable body: " + e);
        return;
      }
      traceRequests.incrementAndGet();
      for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
        Map<String, Object> resource =
            ReceivedSpan.toMap(resourceSpans.getResource().getAttributesList());
        for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
          for (Span span : scopeSpans.getSpansList()) {
            spans.add(new ReceivedSpan(resource, scopeSpans.getScope().getName(), span));
          }
        }
      }
      byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
      if (response.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response);
        }
      }
    }
  }

  private static InputStream body(HttpExchange exchange) throws IOException {
    InputStream body = exchange.getRequestBody();
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    return encoding != null && encoding.equalsIgnoreCase("gzip") ? new GZIPInputStream(body) : body;
  }

  private void ignored(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
    }
  }

  private void reject(HttpExchange exchange, int status, String why) throws IOException {
    rejected.add(why);
    exchange.getRequestBody().readAllBytes();
    exchange.sendResponseHeaders(status, -1);
  }

  /** Every span received so far, in arrival order. */
  public List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  public List<ReceivedSpan> spansNamed(String name) {
    return spans.stream().filter(s -> s.name().equals(name)).collect(Collectors.toList());
  }

  public List<ReceivedSpan> spansOfTrace(String traceId) {
    return spans.stream().filter(s -> s.traceId().equals(traceId)).collect(Collectors.toList());
  }

  /** Export requests that were not well-formed OTLP/HTTP protobuf, and why. */
  public List<String> rejected() {
    return List.copyOf(rejected);
  }

  /** Number of well-formed trace export requests received. */
  public int traceRequests() {
    return traceRequests.get();
  }

  /** Waits (at most {@link #WAIT}) for a span matching {@code condition} and returns the first. */
  public ReceivedSpan awaitSpan(String description, Predicate<ReceivedSpan> condition) {
    return await(description).atMost(WAIT).until(
        () -> spans.stream().filter(condition).findFirst().orElse(null), s -> s != null);
  }

  /** Waits for the first span of trace {@code traceId}. */
  public ReceivedSpan awaitSpanOfTrace(String traceId) {
    return awaitSpan("a span of trace " + traceId, s -> s.traceId().equals(traceId));
  }

  /** Waits for the first span of trace {@code traceId} of the given kind. */
  public ReceivedSpan awaitSpanOfTrace(String traceId, Span.SpanKind kind) {
    return awaitSpan("a " + kind + " span of trace " + traceId,
        s -> s.traceId().equals(traceId) && s.kind() == kind);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

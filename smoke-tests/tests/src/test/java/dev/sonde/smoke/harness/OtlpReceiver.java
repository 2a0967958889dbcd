package dev.sonde.smoke.harness;

import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayInputStream;
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
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * A minimal OTLP/HTTP collector on 127.0.0.1: accepts {@code POST /v1/traces} and
 * {@code POST /v1/logs} (protobuf, optionally gzip-compressed), keeps every span and every log
 * record with its resource attributes, and answers 200 with an empty export response.
 * {@code /v1/metrics} is accepted and ignored. {@link #startGrpc()}: the same over OTLP/gRPC.
 */
public final class OtlpReceiver implements AutoCloseable {

  public static final Duration WAIT = Duration.ofSeconds(15);

  private static final String TRACE_SERVICE = "opentelemetry.proto.collector.trace.v1.TraceService";
  private static final String LOGS_SERVICE = "opentelemetry.proto.collector.logs.v1.LogsService";

  /** One of the two: the OTLP/HTTP server, or the OTLP/gRPC one. */
  private final HttpServer server;
  private final Server grpcServer;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
  private final List<ReceivedLogRecord> logRecords = new CopyOnWriteArrayList<>();
  private final List<String> rejected = new CopyOnWriteArrayList<>();
  private final AtomicInteger traceRequests = new AtomicInteger();
  private final AtomicInteger logRequests = new AtomicInteger();

  private OtlpReceiver(boolean grpc) throws IOException {
    if (grpc) {
      server = null;
      grpcServer = NettyServerBuilder.forAddress(
              new InetSocketAddress(InetAddress.getByName(Ports.LOOPBACK), 0))
          .addService(grpcService(TRACE_SERVICE, ExportTraceServiceRequest::parseFrom,
              this::keepTraces, ExportTraceServiceResponse.getDefaultInstance().toByteArray()))
          .addService(grpcService(LOGS_SERVICE, ExportLogsServiceRequest::parseFrom,
              this::keepLogs, ExportLogsServiceResponse.getDefaultInstance().toByteArray()))
          .executor(executor).build().start();
      return;
    }
    grpcServer = null;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(Ports.LOOPBACK), 0), 50);
    server.createContext("/v1/traces", this::traces);
    server.createContext("/v1/metrics", this::ignored);
    server.createContext("/v1/logs", this::logs);
    server.setExecutor(executor);
    server.start();
  }

  /** An OTLP/HTTP receiver. */
  public static OtlpReceiver start() {
    try {
      return new OtlpReceiver(false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * An OTLP/gRPC receiver: gRPC's own server (HTTP/2 without TLS) with the trace and logs
   * services' {@code Export} methods, keeping what they receive as {@link #start()}'s does.
   */
  public static OtlpReceiver startGrpc() {
    try {
      return new OtlpReceiver(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return grpcServer != null ? grpcServer.getPort() : server.getAddress().getPort();
  }

  /** A service with one unary {@code Export} method, requests and answers as raw protobuf. */
  private static <T> ServerServiceDefinition grpcService(String service, Parser<T> parser,
      Consumer<T> keep, byte[] response) {
    MethodDescriptor.Marshaller<byte[]> bytes = new MethodDescriptor.Marshaller<>() {
      @Override
      public InputStream stream(byte[] value) {
        return new ByteArrayInputStream(value);
      }

      @Override
      public byte[] parse(InputStream stream) {
        try {
          return stream.readAllBytes();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
    MethodDescriptor<byte[], byte[]> export = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(service, "Export"))
        .setRequestMarshaller(bytes).setResponseMarshaller(bytes).build();
    return ServerServiceDefinition.builder(service)
        .addMethod(export, ServerCalls.asyncUnaryCall((request, answer) -> {
          try {
            keep.accept(parser.parse(new ByteArrayInputStream(request)));
          } catch (IOException e) {
            answer.onError(Status.INVALID_ARGUMENT.withDescription(e.toString()).asException());
            return;
          }
          answer.onNext(response);
          answer.onCompleted();
        }))
        .build();
  }

  /** What to configure as the OTLP endpoint (the agent appends {@code /v1/traces}, {@code /v1/logs}). */
  public String endpoint() {
    return "http://" + Ports.LOOPBACK + ":" + port();
  }

  private void traces(HttpExchange exchange) throws IOException {
    receive(exchange, ExportTraceServiceRequest::parseFrom, this::keepTraces,
        ExportTraceServiceResponse.getDefaultInstance().toByteArray());
  }

  private void logs(HttpExchange exchange) throws IOException {
    receive(exchange, ExportLogsServiceRequest::parseFrom, this::keepLogs,
        ExportLogsServiceResponse.getDefaultInstance().toByteArray());
  }

  private void keepTraces(ExportTraceServiceRequest request) {
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
  }

  private void keepLogs(ExportLogsServiceRequest request) {
    logRequests.incrementAndGet();
    for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
      Map<String, Object> resource =
          ReceivedSpan.toMap(resourceLogs.getResource().getAttributesList());
      for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
        for (LogRecord record : scopeLogs.getLogRecordsList()) {
          logRecords.add(new ReceivedLogRecord(resource, scopeLogs.getScope().getName(), record));
        }
      }
    }
  }

  /** Decodes a protobuf export request. */
  @FunctionalInterface
  private interface Parser<T> {
    T parse(InputStream body) throws IOException;
  }

  /**
   * One OTLP/HTTP export: a POST of {@code application/x-protobuf}, decoded with {@code parser} and
   * handed to {@code keep}, answered 200 with {@code response}; anything else is rejected.
   */
  private <T> void receive(HttpExchange exchange, Parser<T> parser, Consumer<T> keep,
      byte[] response) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!"POST".equals(exchange.getRequestMethod())) {
        reject(exchange, 405, exchange.getRequestMethod() + " " + path);
        return;
      }
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (contentType == null || !contentType.startsWith("application/x-protobuf")) {
        reject(exchange, 415, "Content-Type " + contentType + " on " + path);
        return;
      }
      T request;
      try (InputStream body = body(exchange)) {
        request = parser.parse(body);
      } catch (IOException e) {
        reject(exchange, 400, "undecodable body on " + path + ": " + e);
        return;
      }
      keep.accept(request);
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

  /** Every log record received so far, in arrival order. */
  public List<ReceivedLogRecord> logRecords() {
    return List.copyOf(logRecords);
  }

  /** The log records whose body is exactly {@code body}. */
  public List<ReceivedLogRecord> logRecordsWithBody(String body) {
    return logRecords.stream().filter(r -> r.body().equals(body)).collect(Collectors.toList());
  }

  /** Waits (at most {@link #WAIT}) for a log record matching {@code condition}; the first. */
  public ReceivedLogRecord awaitLogRecord(String description, Predicate<ReceivedLogRecord> condition) {
    return await(description).atMost(WAIT).until(
        () -> logRecords.stream().filter(condition).findFirst().orElse(null), r -> r != null);
  }

  /** Waits for the first log record whose body is exactly {@code body}. */
  public ReceivedLogRecord awaitLogRecordWithBody(String body) {
    return awaitLogRecord("a log record '" + body + "'", r -> r.body().equals(body));
  }

  /** Number of well-formed log export requests received. */
  public int logRequests() {
    return logRequests.get();
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
    if (grpcServer != null) {
      grpcServer.shutdownNow();
    } else {
      server.stop(0);
    }
    executor.shutdownNow();
  }
}

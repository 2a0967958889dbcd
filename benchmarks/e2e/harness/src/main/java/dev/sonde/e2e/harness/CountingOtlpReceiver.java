package dev.sonde.e2e.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * The local collector both agents export to: OTLP/HTTP on 127.0.0.1, {@code POST /v1/traces}
 * (protobuf, gzip or not) has its spans counted, then dropped; {@code /v1/metrics} and
 * {@code /v1/logs} are accepted and ignored. Answers 200 at once, as a healthy collector would.
 * Unlike the smoke tests' receiver it keeps no span (a run exports millions) and decodes none:
 * it walks the protobuf wire format down to the spans and counts them, so that the receiver, which
 * shares the two cores with the service, costs as little as it can.
 */
final class CountingOtlpReceiver implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
    Thread thread = new Thread(runnable, "otlp-receiver");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicLong spans = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();

  CountingOtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 100);
    server.createContext("/v1/traces", this::traces);
    server.createContext("/v1/metrics", CountingOtlpReceiver::ignored);
    server.createContext("/v1/logs", CountingOtlpReceiver::ignored);
    server.setExecutor(executor);
    server.start();
  }

  /** The OTLP endpoint to configure (agents append {@code /v1/traces}). */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Spans received so far. */
  long spans() {
    return spans.get();
  }

  /** Trace export requests that were not OTLP/HTTP protobuf. */
  long rejected() {
    return rejected.get();
  }

  private void traces(HttpExchange exchange) throws IOException {
    try (exchange) {
      long count;
      // Read whole, then walked: CodedInputStream skips over a large field with InputStream.skip,
      // which on the JDK server's request body runs past the body's end and waits there.
      try (InputStream body = body(exchange)) {
        count = countSpans(CodedInputStream.newInstance(body.readAllBytes()));
      } catch (IOException e) {
        rejected.incrementAndGet();
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      spans.addAndGet(count);
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
    }
  }

  /** The spans of an {@code ExportTraceServiceRequest}, counted without decoding them. */
  private static long countSpans(CodedInputStream request) throws IOException {
    long count = 0;
    for (int tag; (tag = request.readTag()) != 0; ) {
      if (WireFormat.getTagFieldNumber(tag)
          == ExportTraceServiceRequest.RESOURCE_SPANS_FIELD_NUMBER) {
        int limit = request.pushLimit(request.readRawVarint32());
        for (int inner; (inner = request.readTag()) != 0; ) {
          if (WireFormat.getTagFieldNumber(inner) == ResourceSpans.SCOPE_SPANS_FIELD_NUMBER) {
            int scopeLimit = request.pushLimit(request.readRawVarint32());
            for (int span; (span = request.readTag()) != 0; ) {
              if (WireFormat.getTagFieldNumber(span) == ScopeSpans.SPANS_FIELD_NUMBER) {
                count++;
              }
              request.skipField(span);
            }
            request.popLimit(scopeLimit);
          } else {
            request.skipField(inner);
          }
        }
        request.popLimit(limit);
      } else {
        request.skipField(tag);
      }
    }
    return count;
  }

  private static InputStream body(HttpExchange exchange) throws IOException {
    InputStream body = exchange.getRequestBody();
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(body) : body;
  }

  private static void ignored(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

package dev.sonde.benchmarks;

import dev.sonde.agent.export.ExportStatus;
import dev.sonde.agent.otlp.SpanRequestEncoder;
import dev.sonde.agent.trace.CompactTracer;
import dev.sonde.agent.trace.SdkSpanExport;
import dev.sonde.agent.trace.SpanQueue;
import dev.sonde.instrumentation.api.metrics.StripedCounter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.prometheus.client.CollectorRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Spans as the e2e service makes them (a SERVER span with its attributes, a JDBC CLIENT child, a
 * Redis CLIENT child, in turn) on their way out: {@code encodeBatch}, the export thread's work
 * per batch, 512 ended spans encoded into one OTLP request. The SDK's marshaler encodes the same
 * batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class SpanExportBenchmark {

  static final int BATCH = 512;

  private final SpanRequestEncoder encoder = new SpanRequestEncoder();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 18);
  private List<SpanData> batch;
  private Resource resource;
  private InstrumentationScopeInfo scope;

  @Setup
  public void record() throws InterruptedException {
    final List<SpanData> captured = new CopyOnWriteArrayList<SpanData>();
    SpanExporter capturing = new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        captured.addAll(spans);
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
    CollectorRegistry registry = new CollectorRegistry(true);
    StripedCounter.Child dropped = StripedCounter.build("d", "d").register(registry).labels();
    StripedCounter.Child failed = StripedCounter.build("f", "f").register(registry).labels();
    resource = Resource.getDefault().merge(Resource.create(Attributes.of(
        AttributeKey.stringKey("service.name"), "e2e-app")));
    scope = InstrumentationScopeInfo.builder("dev.sonde").setVersion("0.1.0").build();
    CompactTracer tracer = new CompactTracer(resource, scope, 1.0, new SpanQueue<>(
        new SdkSpanExport(capturing, 5000), 4 * BATCH, BATCH, 10, 5000, dropped, failed,
        new ExportStatus()));
    for (int i = 0; i < BATCH; i += 3) {
      request(tracer, i);
    }
    tracer.shutdown();
    batch = new ArrayList<SpanData>(captured.subList(0, BATCH));
  }

  private static void request(Tracer tracer, int i) {
    Span server = tracer.spanBuilder("GET").setSpanKind(SpanKind.SERVER).startSpan();
    server.setAttribute("http.request.method", "GET");
    server.setAttribute("url.scheme", "http");
    server.setAttribute("url.path", "/items/" + i);
    server.setAttribute("server.address", "127.0.0.1");
    server.setAttribute("server.port", 8080L);
    server.setAttribute("client.address", "127.0.0.1");
    server.setAttribute("network.protocol.version", "1.1");
    server.setAttribute("user_agent.original", "sonde-e2e-load");
    server.setAttribute("request.id", "3f2c8a9e-1b4d-4e6f-9a7b-0c1d2e3f4a5b");
    Context inRequest = Context.root().with(server);
    Span query = tracer.spanBuilder("SELECT shop.items").setSpanKind(SpanKind.CLIENT)
        .setParent(inRequest).startSpan();
    query.setAttribute("db.system.name", "postgresql");
    query.setAttribute("db.system", "postgresql");
    query.setAttribute("db.namespace", "shop");
    query.setAttribute("db.query.text", "SELECT id, name, price FROM items WHERE id = ?");
    query.setAttribute("db.operation.name", "SELECT");
    query.setAttribute("db.collection.name", "items");
    query.setAttribute("server.address", "127.0.0.1");
    query.setAttribute("server.port", 5432L);
    query.end();
    Span get = tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT).setParent(inRequest)
        .startSpan();
    get.setAttribute("db.system.name", "redis");
    get.setAttribute("db.system", "redis");
    get.setAttribute("db.operation.name", "GET");
    get.setAttribute("db.query.text", "GET item:" + i);
    get.setAttribute("db.namespace", "0");
    get.setAttribute("server.address", "127.0.0.1");
    get.setAttribute("server.port", 6379L);
    get.end();
    server.updateName("GET /items/{id}");
    server.setAttribute("http.route", "/items/{id}");
    server.setAttribute("http.response.status_code", 200L);
    server.end();
  }

  @Benchmark
  public int encodeBatch() {
    return encoder.request(resource, scope, batch);
  }

  /** Baseline: the OpenTelemetry SDK's OTLP marshaler, as its exporter runs it. */
  @Benchmark
  public int sdkMarshaler() throws IOException {
    out.reset();
    TraceRequestMarshaler.create(batch).writeBinaryTo(out);
    return out.size();
  }
}

package dev.sonde.benchmarks;

import dev.sonde.agent.export.ExportFailure;
import dev.sonde.agent.metrics.SelfMetrics;
import dev.sonde.agent.otlp.SpanRequestEncoder;
import dev.sonde.agent.trace.CompactTracer;
import dev.sonde.agent.trace.SpanExport;
import dev.sonde.agent.trace.SpanQueue;
import dev.sonde.agent.trace.ThreadStateContextStorage;
import dev.sonde.agent.ui.TracePage;
import dev.sonde.bootstrap.Hooks;
import dev.sonde.bootstrap.HttpServerHook;
import dev.sonde.bootstrap.HttpServerRequest;
import dev.sonde.bootstrap.LogCorrelationHook;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.http.HttpServerRecorder;
import dev.sonde.instrumentation.api.metrics.Metrics;
import dev.sonde.instrumentation.api.trace.LogCorrelation;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exemplars.ExemplarConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's telemetry as {@code AgentStarter} wires it (its context storage, registry, self
 * metrics, the agent's tracer with the real {@link SpanQueue}, {@link Metrics}, {@link Telemetry}, the hooks), except that
 * the sampler is fixed and spans, encoded as for OTLP/HTTP on the export thread, go nowhere.
 */
final class AgentTelemetry implements AutoCloseable {

  static {
    // As the agent does before anything asks for a context: its contexts live in ThreadState.
    ThreadStateContextStorage.install();
  }

  /** The contract's default duration buckets (seconds). */
  static final double[] BUCKETS =
      {0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10};

  /** Large enough that the export thread never lets the queue fill: no span is dropped. */
  private static final int QUEUE_CAPACITY = 1 << 16;

  final Metrics metrics;
  final Telemetry telemetry;
  private final CompactTracer tracer;
  private final SelfMetrics self;
  private final DiscardingExport exporter = new DiscardingExport();
  private final TracePage page;

  AgentTelemetry(boolean sampled) {
    this(sampled, false);
  }

  /** @param tracePage whether the trace page is on (sonde.ui.enabled): its queue gets the spans */
  AgentTelemetry(boolean sampled, boolean tracePage) {
    CollectorRegistry registry = new CollectorRegistry(true);
    ExemplarConfig.disableExemplars();
    self = new SelfMetrics(registry, "bench", "bench");
    List<SpanQueue<?>> queues = new ArrayList<SpanQueue<?>>();
    queues.add(new SpanQueue<>(exporter, QUEUE_CAPACITY, 512, 100, 1000,
        self.spansDropped, self.traceExportFailures, self.traceExport));
    if (tracePage) {
      try {
        page = TracePage.start("bench", 200, QUEUE_CAPACITY, 60_000);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      queues.add(page.queue());
    } else {
      page = null;
    }
    tracer = new CompactTracer(Resource.empty(), InstrumentationScopeInfo.create("dev.sonde"),
        sampled ? 1.0 : 0.0, queues);
    metrics = new Metrics(registry, BUCKETS, 1000);
    telemetry = new Telemetry(tracer, metrics,
        new Config(Map.of(), Map.of(), new Properties()));
    Hooks.httpServer = HttpServerRecorder.of(telemetry);
    Hooks.logCorrelation = LogCorrelation.INSTANCE;
  }

  /**
   * A server request started through the hook, as the HTTP advice starts one: its span (sampled
   * or not, as this telemetry samples) is current on this thread until {@link #endRequest}.
   */
  static Object startRequest(String method, String path) {
    return startRequest(method, path, null);
  }

  /** The same, with an incoming {@code traceparent} header (null: none). */
  static Object startRequest(String method, String path, String traceparent) {
    // Filled as the advice fills it: the thread's carrier, every field.
    HttpServerRequest carrier = HttpServerRequest.ofThread();
    carrier.method = method;
    carrier.scheme = "http";
    carrier.serverAddress = "127.0.0.1";
    carrier.serverPort = 8080;
    carrier.path = path;
    carrier.query = null;
    carrier.protocol = "HTTP/1.1";
    carrier.clientAddress = "127.0.0.1";
    carrier.userAgent = "bench";
    carrier.traceparent = traceparent;
    carrier.tracestate = null;
    carrier.requestId = null;
    return Hooks.httpServer.start(carrier);
  }

  /** Ends what {@link #startRequest} started; null: nothing was. */
  static void endRequest(Object request) {
    if (request != null) {
      Hooks.httpServer.end(request, 200, null, null);
    }
  }

  @Override
  public void close() {
    Hooks.httpServer = HttpServerHook.NOOP;
    Hooks.logCorrelation = LogCorrelationHook.NOOP;
    tracer.shutdown();
    if (page != null) {
      page.stop();
      if (page.spansMissed() > 0) {
        System.err.println("WARNING: the trace page missed " + page.spansMissed()
            + " spans (its queue was full): the measurement includes drops");
      }
    }
    double dropped = self.spansDropped.get();
    if (dropped > 0) {
      System.err.println("WARNING: " + (long) dropped + " spans dropped (of "
          + (exporter.exported.get() + (long) dropped) + "): the measurement includes drops");
    }
  }

  /**
   * As the agent exports over OTLP/HTTP, but posts nothing: the export thread encodes each batch
   * into one request (with {@code -prof gc}, its allocation counts in every benchmark's), which
   * is then only counted.
   */
  private static final class DiscardingExport implements SpanExport<SpanData> {
    final AtomicLong exported = new AtomicLong();
    private final SpanRequestEncoder encoder = new SpanRequestEncoder();
    private final InstrumentationScopeInfo scope = InstrumentationScopeInfo.create("dev.sonde");

    @Override
    public SpanData prepare(SpanData span) {
      return span;
    }

    @Override
    public ExportFailure send(List<SpanData> batch) {
      encoder.request(Resource.empty(), scope, batch);
      exported.addAndGet(batch.size());
      return null;
    }

    @Override
    public void shutdown() {}
  }
}

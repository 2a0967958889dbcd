package dev.sonde.agent.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.sonde.agent.config.AgentSettings;
import dev.sonde.agent.export.ExportFailure;
import dev.sonde.agent.logs.LogShipper;
import dev.sonde.agent.metrics.SelfMetrics;
import dev.sonde.agent.trace.CompactTracer;
import dev.sonde.agent.trace.SpanExport;
import dev.sonde.agent.trace.SpanQueue;
import dev.sonde.agent.trace.TracerFactory;
import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.logs.CapturedLogEvent;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.prometheus.client.CollectorRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@code otlp_exporter} check against real collectors that fail in the ways they do. */
@Timeout(60)
class ExporterCheckTest {

  private final SelfMetrics self = new SelfMetrics(new CollectorRegistry(true), "test", "svc");
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private HttpServer collector;
  private ServerSocket deaf;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private CompactTracer tracer;

  private static AgentSettings settings(String endpoint, int timeoutMillis) {
    return new AgentSettings(new Config(Map.of("sonde.exporter.otlp.endpoint", endpoint,
        "sonde.exporter.otlp.timeout", String.valueOf(timeoutMillis)), Map.of(),
        new Properties()));
  }

  @AfterEach
  void stop() throws IOException {
    if (tracer != null) {
      tracer.shutdown();
    }
    if (collector != null) {
      collector.stop(0);
    }
    if (deaf != null) {
      deaf.close();
    }
    for (Socket socket : accepted) {
      socket.close();
    }
  }

  @Test
  void aRefusingCollectorMakesItDegradedNamingTheStatusAndNeverTheEndpointsPassword()
      throws Exception {
    collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext("/v1/traces", exchange -> {
      exchange.getRequestBody().readAllBytes();
      authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
      exchange.sendResponseHeaders(500, -1);
      exchange.close();
    });
    collector.start();
    int port = collector.getAddress().getPort();
    AgentSettings settings = settings("http://user:s3cr3t-pw@127.0.0.1:" + port, 5000);
    tracer = TracerFactory.create(settings, Resource.empty(), "test", self);
    ExporterCheck check = new ExporterCheck(settings, self);

    PrintStream original = System.err;
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    CheckResult result;
    try {
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      tracer.spanBuilder("s").startSpan().end();
      result = await().atMost(Duration.ofSeconds(10)).until(() -> check.run(System.nanoTime()),
          r -> r.status == HealthStatus.DEGRADED);
    } finally {
      System.setErr(original);
    }

    assertThat(authorizations).first().isEqualTo("Basic "
        + Base64.getEncoder().encodeToString("user:s3cr3t-pw".getBytes(StandardCharsets.UTF_8)));
    assertThat(result.details.get("endpoint")).isEqualTo("http://127.0.0.1:" + port);
    assertThat((String) result.details.get("reason"))
        .contains("HTTP 500 from http://127.0.0.1:" + port + "/v1/traces");
    assertThat(result.details.toString()).doesNotContain("s3cr3t").doesNotContain("user");
    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .contains("HTTP 500 from http://127.0.0.1:" + port).doesNotContain("s3cr3t");
  }

  @Test
  void aCollectorThatStopsReadingMakesItDegradedOnceTheTimeoutIsPast() throws Exception {
    deaf = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    Thread acceptor = new Thread(() -> {
      try {
        while (true) {
          accepted.add(deaf.accept()); // and never read
        }
      } catch (IOException closed) {
        // done
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
    AgentSettings settings = settings("http://127.0.0.1:" + deaf.getLocalPort(), 300);
    // Spans big enough that one batch fills the socket buffers.
    tracer = TracerFactory.create(settings, Resource.empty(), "test", self);
    ExporterCheck check = new ExporterCheck(settings, self);
    String big = "x".repeat(1000);
    for (int i = 0; i < 1500; i++) {
      tracer.spanBuilder("s").setAttribute("a", big).setAttribute("b", big).setAttribute("c", big)
          .startSpan().end();
    }

    // While stuck past the timeout it is degraded as running too long, until the watchdog ends
    // the request, which then counts as failed.
    CheckResult result = await().atMost(Duration.ofSeconds(10))
        .until(() -> check.run(System.nanoTime()), r -> r.status == HealthStatus.DEGRADED
            && self.traceExportFailures.get() > 0);

    assertThat((String) result.details.get("reason"))
        .contains("no answer within 300 ms (sonde.exporter.otlp.timeout)");
  }

  @Test
  void aRequestRunningLongerThanTheTimeoutIsDegradedBeforeItFailsAndHealthyOnceItSucceeds()
      throws Exception {
    CountDownLatch answer = new CountDownLatch(1);
    SpanExport<SpanData> stuck = new SpanExport<SpanData>() {
      @Override
      public SpanData prepare(SpanData span) {
        return span;
      }

      @Override
      public ExportFailure send(List<SpanData> batch) {
        try {
          answer.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return null;
      }

      @Override
      public void shutdown() {}
    };
    AgentSettings settings = settings("http://127.0.0.1:4318", 1000);
    tracer = new CompactTracer(Resource.empty(), InstrumentationScopeInfo.create("test"), 1.0,
        new SpanQueue<>(stuck, 64, 16, 10, 1000, self.spansDropped, self.traceExportFailures,
            self.traceExport));
    ExporterCheck check = new ExporterCheck(settings, self);
    tracer.spanBuilder("s").startSpan().end();
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
        .until(() -> self.traceExport.runningRequestNanos(System.nanoTime()) >= 0);
    CheckResult within = check.run(System.nanoTime());
    assertThat(within.status).as("within the timeout: %s", within.details)
        .isEqualTo(HealthStatus.HEALTHY);

    CheckResult result = await().atMost(Duration.ofSeconds(5))
        .until(() -> check.run(System.nanoTime()), r -> r.status == HealthStatus.DEGRADED);
    assertThat((String) result.details.get("reason"))
        .startsWith("an export request has been running for ")
        .endsWith("longer than the timeout (1000 ms, sonde.exporter.otlp.timeout)");

    answer.countDown();
    await().atMost(Duration.ofSeconds(5))
        .until(() -> check.run(System.nanoTime()).status == HealthStatus.HEALTHY);
  }

  @Test
  void shippedLogRecordsThatTheCollectorRefusesMakeItDegradedUnderLogs() throws Exception {
    collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext("/v1/logs", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(400, -1);
      exchange.close();
    });
    collector.start();
    int port = collector.getAddress().getPort();
    AgentSettings settings = new AgentSettings(new Config(Map.of(
        "sonde.exporter.otlp.endpoint", "http://127.0.0.1:" + port,
        "sonde.traces.exporter", "none", "sonde.logs.exporter", "otlp"), Map.of(),
        new Properties()));
    LogShipper shipper = LogShipper.start(settings, Resource.empty(), self);
    ExporterCheck check = new ExporterCheck(settings, self);
    try {
      assertThat(check.run(System.nanoTime()).status).isEqualTo(HealthStatus.HEALTHY);
      shipper.queue().offer(new CapturedLogEvent(1L, Severity.INFO, "INFO", "l", "main",
          "refused", null, Map.of(), null));

      CheckResult result = await().atMost(Duration.ofSeconds(10))
          .until(() -> check.run(System.nanoTime()), r -> r.status == HealthStatus.DEGRADED);

      assertThat((String) result.details.get("reason")).startsWith("log records: ")
          .contains("HTTP 400 from http://127.0.0.1:" + port + "/v1/logs");
      assertThat(result.details.get("exporter")).isEqualTo("none");
      @SuppressWarnings("unchecked")
      Map<String, Object> logs = (Map<String, Object>) result.details.get("logs");
      assertThat(logs).containsEntry("consecutive_failures", 1)
          .containsEntry("logs_dropped", 1L);
    } finally {
      shipper.shutdown();
    }
  }
}

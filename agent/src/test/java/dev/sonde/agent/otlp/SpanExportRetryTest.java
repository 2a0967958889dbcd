package dev.sonde.agent.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.sonde.agent.config.AgentSettings;
import dev.sonde.agent.export.ExportStatus;
import dev.sonde.agent.trace.CompactTracer;
import dev.sonde.agent.trace.SpanQueue;
import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.metrics.StripedCounter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.prometheus.client.CollectorRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Spans over OTLP/HTTP to a real local collector that answers what each test scripts: the
 * statuses OTLP calls retryable (429, 502, 503, 504) send the same batch again, after the
 * {@code Retry-After} the collector names or a backoff, within bounds, only the export thread
 * waiting; other failures drop the batch at once.
 */
@Timeout(60)
class SpanExportRetryTest {

  private static final InstrumentationScopeInfo SCOPE = InstrumentationScopeInfo.create("test");

  private final CollectorRegistry registry = new CollectorRegistry(true);
  private final StripedCounter.Child dropped =
      StripedCounter.build("dropped", "d").register(registry).labels();
  private final StripedCounter.Child failures =
      StripedCounter.build("failures", "f").register(registry).labels();
  private final ExportStatus status = new ExportStatus();

  /** What the collector answers, one per request; 200 once they are used up. */
  private final ConcurrentLinkedQueue<String> script = new ConcurrentLinkedQueue<>();
  /** Per request: when it arrived (ms since the test began) and how many spans it carried. */
  private final List<long[]> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private final long began = System.nanoTime();
  private HttpServer collector;
  private CompactTracer tracer;

  /** Starts the collector; each scripted answer a status, with {@code :seconds} a Retry-After. */
  private String collector(String... answers) throws Exception {
    script.addAll(List.of(answers));
    collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext("/v1/traces", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      int spans = ExportTraceServiceRequest.parseFrom(body).getResourceSpans(0).getScopeSpans(0)
          .getSpansCount();
      requests.add(new long[] {TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), spans});
      String answer = script.poll();
      int code = 200;
      if (answer != null) {
        String[] parts = answer.split(":");
        code = Integer.parseInt(parts[0]);
        if (parts.length > 1) {
          exchange.getResponseHeaders().set("Retry-After", parts[1]);
        }
      }
      if (code == 200) {
        accepted.addAndGet(spans);
      }
      exchange.sendResponseHeaders(code, -1);
      exchange.close();
    });
    collector.start();
    return "http://127.0.0.1:" + collector.getAddress().getPort();
  }

  private Tracer tracer(String endpoint, int timeoutMillis, int queueSize) {
    AgentSettings settings = new AgentSettings(new Config(Map.of(
        "sonde.exporter.otlp.endpoint", endpoint,
        "sonde.exporter.otlp.timeout", String.valueOf(timeoutMillis)), Map.of(),
        new Properties()));
    tracer = new CompactTracer(Resource.empty(), SCOPE, 1.0, new SpanQueue<>(
        OtlpExporters.spans(settings, Resource.empty(), SCOPE), queueSize, 512, 20,
        timeoutMillis, dropped, failures, status));
    return tracer;
  }

  private static void end(Tracer tracer, int spans) {
    for (int i = 0; i < spans; i++) {
      tracer.spanBuilder("s" + i).startSpan().end();
    }
  }

  @AfterEach
  void stop() {
    if (tracer != null) {
      tracer.shutdown();
    }
    if (collector != null) {
      collector.stop(0);
    }
  }

  @Test
  void aBatchRefusedWithRetryableStatusesIsSentAgainUntilAcceptedAndDeliveredOnce()
      throws Exception {
    Tracer tracer = tracer(collector("503", "502", "504"), 10_000, 2048);

    end(tracer, 10);

    await().atMost(Duration.ofSeconds(30)).until(() -> accepted.get() == 10);
    assertThat(requests).hasSize(4).allSatisfy(r -> assertThat(r[1]).isEqualTo(10));
    assertThat(failures.get()).as("each failed request counts").isEqualTo(3);
    assertThat(dropped.get()).isZero();
    // The collector counts the spans before it answers; the export thread records the success
    // once the answer is read.
    await().atMost(Duration.ofSeconds(5)).until(() -> status.consecutiveFailures() == 0);
    // Backoff with jitter: 0.5–1 s, then 1–2 s, then 2–4 s.
    assertThat(requests.get(1)[0] - requests.get(0)[0]).isBetween(450L, 1500L);
    assertThat(requests.get(2)[0] - requests.get(1)[0]).isBetween(950L, 2500L);
    assertThat(requests.get(3)[0] - requests.get(2)[0]).isBetween(1950L, 4500L);
  }

  @Test
  void tooManyRequestsIsRetriedAfterTheSecondsRetryAfterNames() throws Exception {
    Tracer tracer = tracer(collector("429:2"), 10_000, 2048);

    end(tracer, 3);

    await().atMost(Duration.ofSeconds(20)).until(() -> accepted.get() == 3);
    assertThat(requests).hasSize(2);
    assertThat(requests.get(1)[0] - requests.get(0)[0]).isBetween(1950L, 3000L);
    assertThat(failures.get()).isEqualTo(1);
    assertThat(dropped.get()).isZero();
  }

  @Test
  void otherStatusesDropTheBatchAtOnce() throws Exception {
    Tracer tracer = tracer(collector("400", "500"), 10_000, 2048);

    end(tracer, 4);
    await().atMost(Duration.ofSeconds(10)).until(() -> dropped.get() == 4);
    end(tracer, 5);
    await().atMost(Duration.ofSeconds(10)).until(() -> dropped.get() == 9);

    assertThat(requests).hasSize(2);
    assertThat(failures.get()).isEqualTo(2);
    assertThat(status.lastFailure()).startsWith("HTTP 500 from http://127.0.0.1:");
  }

  @Test
  void aCollectorThatKeepsRefusingGetsABoundedNumberOfAttemptsWithinThreeTimeouts()
      throws Exception {
    Tracer tracer = tracer(collector("503", "503", "503", "503", "503", "503", "503", "503"),
        1000, 2048);

    end(tracer, 6);

    await().atMost(Duration.ofSeconds(10)).until(() -> dropped.get() == 6);
    assertThat(requests).hasSizeBetween(2, 5);
    long firstToLast = requests.get(requests.size() - 1)[0] - requests.get(0)[0];
    assertThat(firstToLast).as("no attempt starts 2 timeouts after the first")
        .isLessThanOrEqualTo(2000 + 100);
    assertThat(failures.get()).isEqualTo(requests.size());
    assertThat(accepted.get()).isZero();
  }

  @Test
  void whileABatchWaitsForItsRetryTheApplicationThreadsNeverWaitAndTheOverflowIsCounted()
      throws Exception {
    Tracer tracer = tracer(collector("503:5"), 10_000, 1024);
    end(tracer, 10);
    await().atMost(Duration.ofSeconds(10)).until(() -> requests.size() == 1);

    long started = System.nanoTime();
    end(tracer, 20_000);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).as("20,000 spans ended while the export thread waits")
        .isLessThan(Duration.ofSeconds(2));
    assertThat(dropped.get()).as("beyond the queue's 1024, dropped and counted")
        .isGreaterThanOrEqualTo(20_000 - 1024);
    assertThat(requests).as("still waiting for the Retry-After").hasSize(1);
    await().atMost(Duration.ofSeconds(20)).until(() -> accepted.get() >= 10 + 1024);
  }

  @Test
  void shutdownDoesNotWaitForARetry() throws Exception {
    Tracer tracer = tracer(collector("503:30"), 10_000, 2048);
    end(tracer, 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> requests.size() == 1);

    long started = System.nanoTime();
    this.tracer.shutdown();
    this.tracer = null;

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    assertThat(requests).hasSize(1);
    assertThat(dropped.get()).isEqualTo(2);
  }
}

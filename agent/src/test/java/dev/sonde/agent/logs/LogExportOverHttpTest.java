package dev.sonde.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.sonde.agent.config.AgentSettings;
import dev.sonde.agent.export.ExportStatus;
import dev.sonde.agent.otlp.OtlpExporters;
import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.logs.CapturedLogEvent;
import dev.sonde.instrumentation.api.metrics.StripedCounter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.sdk.resources.Resource;
import io.prometheus.client.CollectorRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Log records over OTLP/HTTP to a real local collector, decoded with the OTel proto classes: the
 * agent's encoder and poster, with the configured headers, and the retries spans get.
 */
@Timeout(60)
class LogExportOverHttpTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";

  private final CollectorRegistry registry = new CollectorRegistry(true);
  private final StripedCounter.Child dropped =
      StripedCounter.build("dropped", "d").register(registry).labels();
  private final StripedCounter.Child failures =
      StripedCounter.build("failures", "f").register(registry).labels();
  private final ExportStatus status = new ExportStatus();
  private final Resource resource = Resource.create(
      Attributes.of(AttributeKey.stringKey("service.name"), "orders"));
  /** What the collector answers, one status per request; 200 once they are used up. */
  private final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();
  private final List<ExportLogsServiceRequest> accepted = new CopyOnWriteArrayList<>();
  private final List<String> apiKeys = new CopyOnWriteArrayList<>();
  private HttpServer collector;
  private LogShipper shipper;

  private String collector(Integer... answers) throws Exception {
    script.addAll(List.of(answers));
    collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext("/v1/logs", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      apiKeys.add(exchange.getRequestHeaders().getFirst("api-key"));
      Integer answer = script.poll();
      int code = answer == null ? 200 : answer;
      if (code == 200) {
        accepted.add(ExportLogsServiceRequest.parseFrom(body));
      }
      exchange.sendResponseHeaders(code, -1);
      exchange.close();
    });
    collector.start();
    return "http://127.0.0.1:" + collector.getAddress().getPort();
  }

  private LogQueue ship(String endpoint) {
    AgentSettings settings = new AgentSettings(new Config(Map.of(
        "sonde.exporter.otlp.endpoint", endpoint,
        "sonde.exporter.otlp.headers", "api-key=s3cret"), Map.of(), new Properties()));
    LogQueue queue = new LogQueue(256, 16, dropped);
    shipper = new LogShipper(queue, OtlpExporters.logs(settings, resource), resource, 16, 20,
        10_000, failures, status);
    return queue;
  }

  @AfterEach
  void stop() {
    if (shipper != null) {
      shipper.shutdown();
    }
    if (collector != null) {
      collector.stop(0);
    }
  }

  @Test
  void recordsArriveWithTheirSpanAttributesAndLoggerAfterARetryableRefusal() throws Exception {
    LogQueue queue = ship(collector(503));
    String[] correlation = {"trace_id", TRACE_ID, "span_id", SPAN_ID, "trace_flags", "01",
        "request_id", "r-7"};

    queue.offer(new CapturedLogEvent(1_700_000_000_123L, Severity.WARN, "WARN",
        "com.shop.Orders", "http-nio-8080-exec-1", "order 42 late", null,
        Map.of("trace_id", TRACE_ID, "tenant", "acme"), correlation));
    queue.offer(new CapturedLogEvent(1_700_000_000_124L, Severity.ERROR, "ERROR",
        "com.shop.Payments", "main", "card refused", new IllegalStateException("no funds"),
        Map.of(), null));

    // One batch, or two when the export delay fell between the offers.
    await().atMost(Duration.ofSeconds(20)).until(() -> accepted.stream()
        .mapToInt(r -> r.getResourceLogs(0).getScopeLogsCount()).sum() == 2);
    assertThat(accepted).allSatisfy(r -> assertThat(r.getResourceLogs(0).getResource()
        .getAttributesList()).extracting(KeyValue::getKey).contains("service.name"));
    Map<String, ScopeLogs> byLogger = accepted.stream()
        .flatMap(r -> r.getResourceLogs(0).getScopeLogsList().stream())
        .collect(Collectors.toMap(s -> s.getScope().getName(), s -> s));
    LogRecord order = byLogger.get("com.shop.Orders").getLogRecords(0);
    assertThat(order.getBody().getStringValue()).isEqualTo("order 42 late");
    assertThat(order.getSeverityNumberValue()).isEqualTo(Severity.WARN.getSeverityNumber());
    assertThat(order.getSeverityText()).isEqualTo("WARN");
    assertThat(order.getTimeUnixNano()).isEqualTo(1_700_000_000_123_000_000L);
    assertThat(HexFormat.of().formatHex(order.getTraceId().toByteArray())).isEqualTo(TRACE_ID);
    assertThat(HexFormat.of().formatHex(order.getSpanId().toByteArray())).isEqualTo(SPAN_ID);
    assertThat(order.getFlags()).isEqualTo(1);
    assertThat(order.getAttributesList().stream()
        .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue())))
        .containsEntry("tenant", "acme").containsEntry("request_id", "r-7")
        .containsEntry("thread.name", "http-nio-8080-exec-1").doesNotContainKey("trace_id");
    LogRecord payment = byLogger.get("com.shop.Payments").getLogRecords(0);
    assertThat(payment.getTraceId().isEmpty()).isTrue();
    assertThat(payment.getAttributesList()).extracting(KeyValue::getKey)
        .contains("exception.type", "exception.message", "exception.stacktrace");
    assertThat(apiKeys).hasSizeGreaterThanOrEqualTo(2).containsOnly("s3cret");
    assertThat(failures.get()).as("the refused request counts").isEqualTo(1);
    assertThat(dropped.get()).isZero();
    assertThat(status.consecutiveFailures()).isZero();
    assertThat(status.sinceLastSuccessNanos(System.nanoTime())).isNotNegative();
  }

  @Test
  void aRefusalThatIsNotRetryableDropsTheBatchAndShowsInTheStatus() throws Exception {
    LogQueue queue = ship(collector(400));

    for (int i = 0; i < 3; i++) {
      queue.offer(new CapturedLogEvent(1L, Severity.INFO, "INFO", "l", "main", "line " + i, null,
          Map.of(), null));
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> dropped.get() == 3);
    assertThat(failures.get()).isEqualTo(1);
    assertThat(status.lastFailure()).startsWith("HTTP 400 from http://127.0.0.1:");
    assertThat(accepted).isEmpty();
  }
}

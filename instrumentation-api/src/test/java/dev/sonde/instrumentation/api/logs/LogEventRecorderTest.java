package dev.sonde.instrumentation.api.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.bootstrap.LogEventHook;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.metrics.Metrics;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import dev.sonde.instrumentation.api.trace.LogCorrelation;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.prometheus.client.CollectorRegistry;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The logging thread's half of shipping: what it captures, and what it leaves alone. */
class LogEventRecorderTest {

  private final SdkTracerProvider provider = SdkTracerProvider.builder()
      .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create())).build();
  private final Tracer tracer = provider.get("test");
  private final List<CapturedLogEvent> offered = new CopyOnWriteArrayList<>();

  private Telemetry telemetry(LogSink sink) {
    return new Telemetry(tracer, new Metrics(new CollectorRegistry(true), new double[] {1}, 10),
        new Config(Map.of(), Map.of(), new Properties()), sink);
  }

  @AfterEach
  void shutdown() {
    provider.shutdown();
  }

  @Test
  void anEventLoggedInARequestIsCapturedWithItsCorrelationFieldsAndEveryValueAsGiven() {
    LogEventHook hook = LogEventRecorder.of(telemetry(offered::add), SeverityScale.LOGBACK);
    Span span = tracer.spanBuilder("GET /users/{id}").startSpan();
    IllegalStateException thrown = new IllegalStateException("no stock");
    Map<String, String> mdc = Map.of("order_id", "7");

    try (Scope ignored = LogCorrelation.withFields(Context.current().with(span), span, "req-7")
        .makeCurrent()) {
      hook.logged(1_700_000_000_123L, 30000, "WARN", "com.shop.Orders", "http-exec-1",
          "order 7 rejected", thrown, mdc);
    } finally {
      span.end();
    }

    assertThat(offered).singleElement().satisfies(event -> {
      assertThat(event.correlation).containsExactly(
          "trace_id", span.getSpanContext().getTraceId(),
          "span_id", span.getSpanContext().getSpanId(),
          "trace_flags", span.getSpanContext().getTraceFlags().asHex(), "request_id", "req-7");
      assertThat(event.epochMillis).isEqualTo(1_700_000_000_123L);
      assertThat(event.severity).isEqualTo(Severity.WARN);
      assertThat(event.severityText).isEqualTo("WARN");
      assertThat(event.loggerName).isEqualTo("com.shop.Orders");
      assertThat(event.threadName).isEqualTo("http-exec-1");
      assertThat(event.body).isEqualTo("order 7 rejected");
      assertThat(event.thrown).isSameAs(thrown);
      assertThat(event.contextData).isSameAs(mdc);
    });
  }

  @Test
  void anEventLoggedInASpanOfOtherCodeGetsThatSpansIds() {
    LogEventHook hook = LogEventRecorder.of(telemetry(offered::add), SeverityScale.LOG4J2);
    Span span = tracer.spanBuilder("job").startSpan();

    try (Scope ignored = span.makeCurrent()) {
      hook.logged(1L, 400, "INFO", "com.shop.Jobs", "worker", "job ran", null, Map.of());
    } finally {
      span.end();
    }

    assertThat(offered).singleElement().satisfies(event -> assertThat(event.correlation)
        .containsExactly("trace_id", span.getSpanContext().getTraceId(),
            "span_id", span.getSpanContext().getSpanId(),
            "trace_flags", span.getSpanContext().getTraceFlags().asHex()));
  }

  @Test
  void anEventLoggedOutsideAnySpanHasNoCorrelation() {
    LogEventHook hook = LogEventRecorder.of(telemetry(offered::add), SeverityScale.LOG4J2);

    hook.logged(1L, 400, "INFO", "com.shop.Ticker", "main", "tick", null, Map.of());

    assertThat(offered).singleElement().satisfies(event -> {
      assertThat(event.correlation).isNull();
      assertThat(event.severity).isEqualTo(Severity.INFO);
    });
  }

  @Test
  void theLinesOfTheLibrariesInsideTheAgentAreNeverShipped() {
    LogEventHook hook = LogEventRecorder.of(telemetry(offered::add), SeverityScale.LOGBACK);

    // OkHttp inside the agent, logging through JUL into the application's bridge to Logback.
    hook.logged(1L, 30000, "WARN", "dev.sonde.shaded.okhttp3.OkHttpClient", "OkHttp Dispatcher",
        "A connection was leaked", null, Map.of());
    hook.logged(1L, 20000, "INFO", "dev.sonde.smoke.apps.Main", "main", "the app's own", null,
        Map.of());

    assertThat(offered).extracting(event -> event.body).containsExactly("the app's own");
  }

  @Test
  void withShippingOffTheHookIsTheNoOpTheAdviceChecksFor() {
    assertThat(LogEventRecorder.of(telemetry(null), SeverityScale.LOGBACK))
        .isSameAs(LogEventHook.NOOP);
  }
}

package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.App;
import dev.sonde.smoke.harness.LogLine;
import dev.sonde.smoke.harness.OtlpReceiver;
import dev.sonde.smoke.harness.ReceivedSpan;
import dev.sonde.smoke.harness.Traceparent;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jetty 12.1 with ee10 (jakarta.servlet) servlets and Logback; unknown paths get Jetty's own 404,
 * and Jetty logs a failed request's exception itself, under that request's trace.
 * The {@link HttpServerSpec} and {@link ServletSpec} contract, on the JDK running the tests.
 */
class JettyServletIT extends ServletSpec {

  private static OtlpReceiver receiver;
  private static AgentApp app;

  @BeforeAll
  static void startJettyWithTheAgent() {
    receiver = OtlpReceiver.start();
    app = AgentApp.of(App.JETTY12).serviceName("jetty12-smoke").exportingTo(receiver).start();
  }

  @AfterAll
  static void stop() {
    Fixtures.closeAll(app, receiver);
  }

  @Test
  void jettysOwnWarningAboutAFailedRequestCarriesThatRequestsTrace() {
    Traceparent trace = Traceparent.random();

    app.getOnce("/boom", Map.of("traceparent", trace.header()));

    ReceivedSpan span = onlySpanOf(trace);
    LogLine warning = app.awaitLogLine("Jetty's WARN line for /boom in trace " + trace.traceId(),
        line -> line.level().equals("WARN") && line.message().equals("/boom")
            && line.traceId().equals(trace.traceId()));
    assertThat(warning.spanId()).isEqualTo(span.spanId());
  }

  @Override
  protected AgentApp app() {
    return app;
  }

  @Override
  protected OtlpReceiver receiver() {
    return receiver;
  }
}

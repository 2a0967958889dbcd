package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.App;
import dev.sonde.smoke.harness.MetricsScrape;
import dev.sonde.smoke.harness.OtlpReceiver;
import dev.sonde.smoke.harness.Ports;
import dev.sonde.smoke.harness.ReceivedSpan;
import dev.sonde.smoke.harness.Traceparent;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The class-loading proof: an app bundling its own, older OpenTelemetry API/SDK (1.40.0), Byte
 * Buddy (1.14.18), simpleclient (0.15.0) and JCTools (3.3.0) uses all of them on every request,
 * with the agent attached. Both its telemetry and the agent's work, and it cannot see the agent's
 * copies.
 */
class ClassLoaderIsolationIT {

  private static final int WORK_REQUESTS = 3;
  private static final Map<String, String> WORK_200 =
      Map.of("method", "GET", "endpoint", "/work/{id}", "status_code", "200");
  /** The trace the first work request continues. */
  private static final Traceparent TRACE = Traceparent.random();

  private static OtlpReceiver receiver;
  private static AgentApp app;
  private static int appMetricsPort;
  private static Map<String, String> before;
  private static Map<String, String> after;
  private static double agentCountBefore;

  @BeforeAll
  static void startTheAppAndDoSomeWork() {
    receiver = OtlpReceiver.start();
    appMetricsPort = Ports.freeOutsideEphemeralRange();
    app = AgentApp.of(App.ISOLATION).serviceName("isolation-smoke").exportingTo(receiver)
        .systemProperty("app.metrics.port", String.valueOf(appMetricsPort)).start();
    before = ownTelemetry();
    agentCountBefore = app.scrape().valueOrZero("http_requests_total", WORK_200);
    for (int i = 1; i <= WORK_REQUESTS; i++) {
      HttpResponse<String> response = app.get("/work/" + (100 + i),
          i == 1 ? Map.of("traceparent", TRACE.header()) : Map.of());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).as("toString() of a class the app's Byte Buddy generated")
          .isEqualTo("work " + (100 + i));
    }
    after = ownTelemetry();
  }

  @AfterAll
  static void stop() {
    Fixtures.closeAll(app, receiver);
  }

  @Test
  void theAppsOwnOpenTelemetrySdkRecordsItsOwnSpans() {
    assertThat(delta("app_spans")).isEqualTo(WORK_REQUESTS);
    assertThat(after).containsEntry("otel_sdk_version", "1.40.0")
        .containsEntry("global_otel_is_own", "true");
    assertThat(after.get("otel_location")).endsWith("/isolation-app.jar");
  }

  @Test
  void theAppsOwnByteBuddySimpleclientAndJctoolsAreTheOnesItUses() {
    assertThat(after)
        .containsEntry("bytebuddy_version", "1.14.18")
        .containsEntry("simpleclient_version", "0.15.0")
        .containsEntry("jctools_version", "3.3.0");
    assertThat(after.get("bytebuddy_location")).endsWith("/isolation-app.jar");
    assertThat(delta("app_work_total")).isEqualTo(WORK_REQUESTS);
    assertThat(delta("queue_drained")).isEqualTo(WORK_REQUESTS);
    assertThat(delta("generated_classes")).isEqualTo(WORK_REQUESTS);
  }

  @Test
  void noneOfTheAgentsClassesAreVisibleToTheApp() {
    assertThat(after.get("agent_jar")).as("the app found the -javaagent jar it scanned")
        .isEqualTo(AgentApp.agentJar().toString());
    assertThat(after).containsEntry("agent_classes_visible", "false")
        .containsEntry("agent_classes_visible_names", "");
    assertThat(Integer.parseInt(after.get("agent_jar_classes_scanned")))
        .as("classes of the agent jar (beyond bootstrap and launcher) tried by name").isPositive();
    assertThat(after).containsEntry("agent_jar_classes_visible", "0")
        .containsEntry("agent_jar_classes_visible_sample", "");
  }

  @Test
  void theAppsOwnPrometheusEndpointServesItsOwnCounter() {
    MetricsScrape appScrape = MetricsScrape.of(appMetricsPort);

    assertThat(appScrape.value("app_work_total", Map.of()))
        .isEqualTo(Double.parseDouble(after.get("app_work_total")));
    assertThat(appScrape.has("sonde_info")).as("the agent's series stay on the agent's port").isFalse();
  }

  @Test
  void theAgentCountsAndTracesTheAppsRequests() {
    await("the agent's http_requests_total{GET,/work/{id},200}").atMost(OtlpReceiver.WAIT)
        .untilAsserted(() -> assertThat(app.scrape().value("http_requests_total", WORK_200))
            .isEqualTo(agentCountBefore + WORK_REQUESTS));
    assertThat(app.scrape().has("app_work_total")).as("the app's series stay on the app's port")
        .isFalse();

    ReceivedSpan span = receiver.awaitSpanOfTrace(TRACE.traceId());
    assertThat(span.name()).isEqualTo("GET /work/{id}");
    assertThat(span.attributes()).containsEntry("url.path", "/work/101");
    assertThat(span.resource()).containsEntry("service.name", "isolation-smoke");
    assertThat(receiver.spans()).extracting(ReceivedSpan::name)
        .as("the app's own spans go to its own exporter, never through the agent")
        .doesNotContain("app-work");
  }

  @Test
  void theAgentCausesNoLinkageErrorsInTheApp() {
    List<String> stderr = app.stderrLines();

    assertThat(stderr).noneMatch(l -> l.contains("LinkageError") || l.contains("NoSuchMethodError")
        || l.contains("NoClassDefFoundError") || l.contains("ClassCastException")
        || l.contains("IncompatibleClassChangeError"));
    assertThat(app.sondeLines("ERROR")).isEmpty();
  }

  private static Map<String, String> ownTelemetry() {
    HttpResponse<String> response = app.get("/own-telemetry");
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, String> values = new LinkedHashMap<>();
    response.body().lines().forEach(line -> {
      int eq = line.indexOf('=');
      values.put(line.substring(0, eq), line.substring(eq + 1));
    });
    return values;
  }

  private static long delta(String key) {
    return Long.parseLong(after.get(key)) - Long.parseLong(before.get(key));
  }
}

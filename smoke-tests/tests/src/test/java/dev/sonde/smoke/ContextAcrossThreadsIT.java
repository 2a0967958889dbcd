package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sonde.smoke.apps.fanout.FanOut;
import dev.sonde.smoke.apps.fanout.FanOut.Hop;
import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.App;
import dev.sonde.smoke.harness.Jdk;
import dev.sonde.smoke.harness.Jdks;
import dev.sonde.smoke.harness.LogLine;
import dev.sonde.smoke.harness.OtlpReceiver;
import dev.sonde.smoke.harness.ReceivedSpan;
import dev.sonde.smoke.harness.Traceparent;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Context follows the work: a request that hands work to other threads (see {@link FanOut}: a
 * one-thread executor, a scheduler, {@code CompletableFuture} stages on the executor, on a
 * {@code ForkJoinPool} and on the JDK's default async pool, {@code ForkJoinPool.submit}, a thread,
 * a thread subclass), each doing a query and logging, in an app of each logging framework
 * (Logback on Tomcat 9, Log4j 2 and Log4j 1.2 on the JDK's HttpServer), on each installed JDK.
 */
@ParameterizedClass(name = "{0} on {1}")
@MethodSource("eachLoggingFrameworkOnEachJdk")
class ContextAcrossThreadsIT {

  private static OtlpReceiver receiver;
  private static AgentApp app;

  @Parameter(0)
  App appUnderTest;

  @Parameter(1)
  Jdk jdk;

  static Stream<Arguments> eachLoggingFrameworkOnEachJdk() {
    return Stream.of(App.TOMCAT9, App.JDK_HTTPSERVER, App.LOG4J1)
        .flatMap(app -> Jdks.available().map(jdk -> Arguments.of(app, jdk)));
  }

  @BeforeParameterizedClassInvocation
  static void startTheAppWithTheAgent(App appUnderTest, Jdk jdk) {
    receiver = OtlpReceiver.start();
    app = AgentApp.of(appUnderTest).on(jdk).serviceName("fanout-smoke")
        .systemProperty("sonde.log.level", "DEBUG")
        .exportingTo(receiver).start();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    Fixtures.closeAll(app, receiver);
  }

  @Test
  void theAgentInstrumentsTheJdksTasksAndThreadsWithoutAWarning() {
    // Some are loaded by the first fan-out, the others retransformed in the background.
    assertThat(app.get("/fanout/" + uniqueId()).statusCode()).isEqualTo(200);
    await("the JDK's task classes instrumented").atMost(OtlpReceiver.WAIT).untilAsserted(() ->
        assertThat(app.sondeLines("DEBUG")).contains(
            "[sonde] DEBUG instrumented java.util.concurrent.FutureTask",
            "[sonde] DEBUG instrumented java.util.concurrent.ForkJoinTask",
            "[sonde] DEBUG instrumented java.util.concurrent.ThreadPoolExecutor",
            "[sonde] DEBUG instrumented java.lang.Thread"));
    assertThat(app.sondeLines("WARN")).isEmpty();
    assertThat(app.sondeLines("ERROR")).isEmpty();
  }

  @Test
  void theQueriesMadeInOtherThreadsAreChildrenOfTheRequestInItsOneTrace() {
    Traceparent trace = Traceparent.random();
    String id = uniqueId();

    HttpResponse<String> response = app.get("/fanout/" + id, Map.of("traceparent", trace.header()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("fanned out " + id);
    ReceivedSpan server = receiver.awaitSpanOfTrace(trace.traceId(), SpanKind.SPAN_KIND_SERVER);
    for (Hop hop : Hop.values()) {
      ReceivedSpan query = receiver.awaitSpan("the query of " + hop + " in trace " + trace.traceId(),
          span -> span.traceId().equals(trace.traceId())
              && span.kind() == SpanKind.SPAN_KIND_CLIENT
              && hop.table().equals(span.attributes().get("db.collection.name")));
      assertThat(query.parentSpanId()).as("parent of the query of %s", hop)
          .isEqualTo(server.spanId());
    }
  }

  @Test
  void theLinesLoggedInOtherThreadsCarryTheRequestsTraceSpanAndRequestIds() {
    Traceparent trace = Traceparent.random();
    String id = uniqueId();
    String requestId = "req-" + id;

    HttpResponse<String> response = app.get("/fanout/" + id,
        Map.of("traceparent", trace.header(), "X-Request-ID", requestId));

    assertThat(response.statusCode()).isEqualTo(200);
    ReceivedSpan server = receiver.awaitSpanOfTrace(trace.traceId(), SpanKind.SPAN_KIND_SERVER);
    for (Hop hop : Hop.values()) {
      LogLine line = app.awaitLogMessage("fanout " + hop.label() + " " + id);
      assertThat(line.traceId()).as("trace id logged by %s", hop).isEqualTo(trace.traceId());
      assertThat(line.spanId()).as("span id logged by %s", hop).isEqualTo(server.spanId());
      assertThat(line.requestId()).as("request id logged by %s", hop).isEqualTo(requestId);
    }
  }

  @Test
  void untracedWorkOnTheSameThreadsAfterwardsCarriesNoTraceId() {
    String tracedId = uniqueId();
    String untracedId = uniqueId();
    assertThat(app.get("/fanout/" + tracedId).statusCode()).isEqualTo(200);
    LogLine tracedOnExecutor = app.awaitLogMessage("fanout executor-submit " + tracedId);
    LogLine tracedOnForkJoin = app.awaitLogMessage("fanout fork-join-submit " + tracedId);
    assertThat(tracedOnExecutor.traceId()).isNotEmpty();

    assertThat(app.get("/untraced/" + untracedId).statusCode()).isEqualTo(200);

    LogLine onExecutor = app.awaitLogMessage("fanout " + FanOut.UNTRACED_EXECUTOR + " " + untracedId);
    LogLine onForkJoin =
        app.awaitLogMessage("fanout " + FanOut.UNTRACED_FORK_JOIN + " " + untracedId);
    assertThat(onExecutor.thread()).as("the executor's one thread")
        .isEqualTo(tracedOnExecutor.thread());
    for (LogLine line : new LogLine[] {onExecutor, onForkJoin}) {
      assertThat(line.traceId()).as(line.message()).isEmpty();
      assertThat(line.spanId()).as(line.message()).isEmpty();
      assertThat(line.requestId()).as(line.message()).isEmpty();
    }
    assertThat(tracedOnForkJoin.thread()).startsWith("ForkJoinPool-");
  }

  @Test
  void onceTheWorkHasRunTheAgentRemembersNoContextForAnyTask() {
    assertThat(app.get("/fanout/" + uniqueId()).statusCode()).isEqualTo(200);

    await("no traced task waiting").atMost(OtlpReceiver.WAIT).untilAsserted(() ->
        assertThat(app.scrape().value("sonde_context_tasks_waiting", Map.of())).isZero());
  }

  private static String uniqueId() {
    return Long.toString(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
  }
}

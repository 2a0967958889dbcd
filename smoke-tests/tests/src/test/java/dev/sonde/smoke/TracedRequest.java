package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.OtlpReceiver;
import dev.sonde.smoke.harness.ReceivedSpan;
import dev.sonde.smoke.harness.Traceparent;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.net.http.HttpResponse;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A request sent in a new trace, with its SERVER span and the CLIENT spans of the calls the app
 * made while serving it, in the order they started.
 */
record TracedRequest(HttpResponse<String> response, ReceivedSpan server, List<ReceivedSpan> clients) {

  /**
   * GET {@code path} with a fresh {@code traceparent}, and its spans once complete: the SERVER span
   * ends after every call made in the request, and spans are exported in the order they end.
   * Checks that the trace holds that one SERVER span, a child of the {@code traceparent}, and
   * CLIENT spans only, each a child of the SERVER span.
   */
  static TracedRequest send(AgentApp app, OtlpReceiver receiver, String path) {
    return send(app, receiver, path, 0);
  }

  /**
   * {@link #send(AgentApp, OtlpReceiver, String)}, for calls whose span may end on another thread
   * a moment after the SERVER span (a reply handled on a client's I/O thread): also waits until
   * the trace holds at least {@code clientSpans} CLIENT spans.
   */
  static TracedRequest send(AgentApp app, OtlpReceiver receiver, String path, int clientSpans) {
    Traceparent trace = Traceparent.random();
    HttpResponse<String> response = app.get(path, Map.of("traceparent", trace.header()));
    ReceivedSpan server = receiver.awaitSpanOfTrace(trace.traceId(), SpanKind.SPAN_KIND_SERVER);
    if (clientSpans > 0) {
      await(clientSpans + " CLIENT spans of " + path + " (response " + response.statusCode() + ": "
          + response.body() + ")").atMost(OtlpReceiver.WAIT)
          .until(() -> receiver.spansOfTrace(trace.traceId()).stream()
              .filter(s -> s.kind() == SpanKind.SPAN_KIND_CLIENT).count() >= clientSpans);
    }
    List<ReceivedSpan> spans = receiver.spansOfTrace(trace.traceId());

    assertThat(server.parentSpanId()).isEqualTo(trace.parentSpanId());
    assertThat(spans).as("spans of %s", path)
        .allSatisfy(s -> assertThat(s.kind()).isIn(SpanKind.SPAN_KIND_SERVER, SpanKind.SPAN_KIND_CLIENT))
        .filteredOn(s -> s.kind() == SpanKind.SPAN_KIND_SERVER).hasSize(1);
    List<ReceivedSpan> clients = spans.stream()
        .filter(s -> s.kind() == SpanKind.SPAN_KIND_CLIENT)
        .sorted(Comparator.comparingLong(s -> s.proto().getStartTimeUnixNano()))
        .collect(Collectors.toList());
    assertThat(clients).as("CLIENT spans of %s: children of its SERVER span", path)
        .allSatisfy(s -> assertThat(s.parentSpanId()).isEqualTo(server.spanId()));
    return new TracedRequest(response, server, clients);
  }

  String body() {
    return response.body();
  }

  /** The one CLIENT span of the request; fails when there are none or several. */
  ReceivedSpan onlyClientSpan() {
    assertThat(clients).as("CLIENT spans of the request").hasSize(1);
    return clients.get(0);
  }
}

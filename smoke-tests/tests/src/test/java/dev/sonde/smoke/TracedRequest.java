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
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A request sent in a new trace, with its SERVER span and the spans of the calls the app made while
 * serving it (CLIENT spans of queries and commands, PRODUCER spans of publishes, CONSUMER spans of
 * messages it fetched), in the order they started.
 */
record TracedRequest(HttpResponse<String> response, ReceivedSpan server, SpanKind callKind,
    List<ReceivedSpan> calls) {

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
    return send(app, receiver, path, SpanKind.SPAN_KIND_CLIENT, clientSpans);
  }

  /**
   * GET {@code path} in a new trace; its calls are the spans of kind {@code callKind} (at least
   * {@code atLeast} of them, awaited), each a child of the request's one SERVER span. Any other
   * span of the trace must be a CONSUMER span whose parent is one of the PRODUCER calls: the
   * delivery of a message the request published (in this app or another one), which the caller
   * checks on its own.
   */
  static TracedRequest send(AgentApp app, OtlpReceiver receiver, String path, SpanKind callKind,
      int atLeast) {
    Traceparent trace = Traceparent.random();
    HttpResponse<String> response = app.get(path, Map.of("traceparent", trace.header()));
    ReceivedSpan server = receiver.awaitSpanOfTrace(trace.traceId(), SpanKind.SPAN_KIND_SERVER);
    if (atLeast > 0) {
      await(atLeast + " " + callKind + " spans of " + path + " (response " + response.statusCode()
          + ": " + response.body() + ")").atMost(OtlpReceiver.WAIT)
          .until(() -> receiver.spansOfTrace(trace.traceId()).stream()
              .filter(s -> s.kind() == callKind && s.parentSpanId().equals(server.spanId()))
              .count() >= atLeast);
    }
    List<ReceivedSpan> spans = receiver.spansOfTrace(trace.traceId());

    assertThat(server.parentSpanId()).isEqualTo(trace.parentSpanId());
    assertThat(spans).as("spans of %s", path)
        .filteredOn(s -> s.kind() == SpanKind.SPAN_KIND_SERVER).hasSize(1);
    List<ReceivedSpan> calls = spans.stream()
        .filter(s -> s.kind() == callKind && s.parentSpanId().equals(server.spanId()))
        .sorted(Comparator.comparingLong(s -> s.proto().getStartTimeUnixNano()))
        .collect(Collectors.toList());
    Set<String> published = calls.stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_PRODUCER)
        .map(ReceivedSpan::spanId).collect(Collectors.toSet());
    assertThat(spans).as("spans of %s: its SERVER span, %s spans under it, and deliveries of what"
        + " it published", path, callKind)
        .allSatisfy(s -> assertThat(s.kind() == SpanKind.SPAN_KIND_SERVER || calls.contains(s)
            || s.kind() == SpanKind.SPAN_KIND_CONSUMER && published.contains(s.parentSpanId()))
            .as("%s", s).isTrue());
    return new TracedRequest(response, server, callKind, calls);
  }

  String body() {
    return response.body();
  }

  /** The CLIENT spans of the request. */
  List<ReceivedSpan> clients() {
    assertThat(callKind).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
    return calls;
  }

  /** The one CLIENT span of the request; fails when there are none or several. */
  ReceivedSpan onlyClientSpan() {
    assertThat(callKind).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
    return onlyCall();
  }

  /** The one call span (of {@link #callKind()}) of the request; fails when there are none or several. */
  ReceivedSpan onlyCall() {
    assertThat(calls).as("%s spans of the request", callKind).hasSize(1);
    return calls.get(0);
  }
}

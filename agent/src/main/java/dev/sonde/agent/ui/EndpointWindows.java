package dev.sonde.agent.ui;

import dev.sonde.agent.json.JsonNumbers;
import dev.sonde.instrumentation.api.health.Dependencies;
import dev.sonde.instrumentation.api.health.DependencyWindow;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Rate, errors and duration per endpoint over the health window (the last minute by default), for
 * the page: the server and consumer spans that are local roots, by name ({@code GET /users/{id}},
 * a queue's {@code process}), counted in the agent's own sliding windows
 * ({@link DependencyWindow}, at most 100 endpoints). Fed by the page's export thread with the
 * sampled spans, so at a sample ratio below 1 the counts are the sampled share.
 */
final class EndpointWindows {

  static final String TYPE = "endpoint";

  /** Names looked up so far, beyond which a name is looked up each time. */
  static final int MAX_CACHED = 1000;

  private final Dependencies windows;
  /** Only the page's export thread reads and writes it. */
  private final Map<String, DependencyWindow> byName = new HashMap<String, DependencyWindow>();

  EndpointWindows(long windowMillis) {
    this.windows = new Dependencies(true, windowMillis);
  }

  void record(SpanData span) {
    SpanContext parent = span.getParentSpanContext();
    SpanKind kind = span.getKind();
    if ((kind != SpanKind.SERVER && kind != SpanKind.CONSUMER)
        || (parent.isValid() && !parent.isRemote())) {
      return;
    }
    // When it ended, on this JVM's nanoTime clock: the window's slots are by the end of a call.
    long ago = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis())
        - span.getEndEpochNanos();
    String name = span.getName();
    DependencyWindow window = byName.get(name);
    if (window == null) {
      window = windows.endpoint(TYPE, name);
      if (byName.size() < MAX_CACHED) {
        byName.put(name, window);
      }
    }
    window.record(System.nanoTime() - Math.max(0, ago),
        Math.max(0, span.getEndEpochNanos() - span.getStartEpochNanos()),
        span.getStatus().getStatusCode() == StatusCode.ERROR);
  }

  long windowMillis() {
    return windows.windowMillis();
  }

  /** Each endpoint seen: name, calls, errors, rate per second and p95 over the window. */
  List<Map<String, Object>> json() {
    long now = System.nanoTime();
    List<Map<String, Object>> endpoints = new ArrayList<Map<String, Object>>();
    for (DependencyWindow window : windows.endpoints()) {
      DependencyWindow.Snapshot calls = window.snapshot(now);
      Map<String, Object> endpoint = new LinkedHashMap<String, Object>();
      endpoint.put("name", window.endpoint());
      endpoint.put("calls", calls.calls);
      endpoint.put("errors", calls.errors);
      endpoint.put("rate_per_s", JsonNumbers.ratio(calls.calls
          / (double) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(calls.windowNanos))));
      endpoint.put("error_ratio", JsonNumbers.ratio(calls.errorRatio()));
      endpoint.put("p95_ms", calls.timedCalls == 0 ? null : JsonNumbers.millis(calls.p95Nanos));
      endpoints.add(endpoint);
    }
    return endpoints;
  }
}

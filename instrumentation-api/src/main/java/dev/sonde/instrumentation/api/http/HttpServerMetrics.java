package dev.sonde.instrumentation.api.http;

import dev.sonde.instrumentation.api.metrics.BoundedSeries;
import dev.sonde.instrumentation.api.metrics.DurationHistogram;
import dev.sonde.instrumentation.api.metrics.Metrics;
import dev.sonde.instrumentation.api.metrics.StripedCounter;

/**
 * The HTTP server metrics of the contract: {@code http_requests_total{method,endpoint,status_code}},
 * {@code http_request_duration_seconds{method,endpoint}}, {@code http_requests_in_flight}.
 */
final class HttpServerMetrics {

  private final BoundedSeries<StripedCounter.Child> requests;
  private final BoundedSeries<DurationHistogram.Child> durations;
  private final RequestsInFlight inFlight;

  HttpServerMetrics(Metrics metrics) {
    StripedCounter requestsFamily = StripedCounter.build("http_requests_total",
            "HTTP requests served, by method, route template and status code.")
        .labelNames("method", "endpoint", "status_code").create();
    requests = metrics.register(requestsFamily, "http_requests_total", 3);
    durations = metrics.register(DurationHistogram.build("http_request_duration_seconds",
            "Time from the request entering the server to its response, by method and route.")
        .labelNames("method", "endpoint").buckets(metrics.durationBuckets()).create(),
        "http_request_duration_seconds", 2);
    inFlight = new RequestsInFlight(requestsFamily);
    metrics.register(inFlight);
  }

  void started() {
    inFlight.started();
  }

  void finished(String method, String endpoint, int status, long nanos) {
    requests.get(method, endpoint, StatusCodes.text(status)).inc();
    durations.get(method, endpoint).observeNanos(nanos);
  }
}

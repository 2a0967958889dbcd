package dev.sonde.instrumentation.api.http;

import dev.sonde.instrumentation.api.metrics.StripedCounter;
import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code http_requests_in_flight}: requests started minus requests finished, where the finished
 * ones are those {@code http_requests_total} counts. A request's end then costs no add of its
 * own: one shared add fewer per request than an up-and-down gauge.
 *
 * <p>The scrape reads the finished count first: a request finishing while it reads can only make
 * the value high by one for that scrape, never negative.
 */
final class RequestsInFlight extends Collector implements Collector.Describable {

  static final String NAME = "http_requests_in_flight";
  private static final String HELP = "HTTP requests being served now.";

  private final LongAdder started = new LongAdder();
  private final StripedCounter finished;

  RequestsInFlight(StripedCounter finished) {
    this.finished = finished;
  }

  void started() {
    started.increment();
  }

  @Override
  public List<MetricFamilySamples> collect() {
    long done = finished.total();
    long inFlight = Math.max(0, started.sum() - done);
    return Collections.<MetricFamilySamples>singletonList(
        new GaugeMetricFamily(NAME, HELP, inFlight));
  }

  @Override
  public List<MetricFamilySamples> describe() {
    return Collections.<MetricFamilySamples>singletonList(
        new GaugeMetricFamily(NAME, HELP, Collections.<String>emptyList()));
  }
}

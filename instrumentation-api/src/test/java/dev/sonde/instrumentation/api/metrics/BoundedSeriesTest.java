package dev.sonde.instrumentation.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.client.CollectorRegistry;
import org.junit.jupiter.api.Test;

class BoundedSeriesTest {

  private final CollectorRegistry registry = new CollectorRegistry(true);
  private final Metrics metrics = new Metrics(registry, new double[] {0.1, 1}, 3);
  private final BoundedSeries<StripedCounter.Child> series = metrics.register(
      StripedCounter.build("requests_total", "test").labelNames("a", "b", "c").create(),
      "requests_total", 3);

  private double sample(String name, String[] labelNames, String[] values) {
    Double value = registry.getSampleValue(name, labelNames, values);
    return value == null ? 0 : value;
  }

  @Test
  void sameLabelsGiveTheSameChild() {
    assertThat(series.get("GET", "/a", "200")).isSameAs(series.get("GET", "/a", "200"));
    assertThat(series.get("GET", "/a", "200")).isNotSameAs(series.get("GET", "/a", "404"));
  }

  @Test
  void labelSetsBeyondTheCapGoToTheOtherSeriesAndAreCounted() {
    series.get("GET", "/1", "200").inc();
    series.get("GET", "/2", "200").inc();
    series.get("GET", "/3", "200").inc();
    series.get("GET", "/4", "200").inc();
    series.get("GET", "/5", "200").inc();
    series.get("GET", "/1", "200").inc();

    String[] names = {"a", "b", "c"};
    assertThat(sample("requests_total", names, new String[] {"GET", "/1", "200"})).isEqualTo(2);
    assertThat(sample("requests_total", names, new String[] {"_other", "_other", "_other"}))
        .isEqualTo(2);
    assertThat(sample("requests_total", names, new String[] {"GET", "/4", "200"})).isZero();
    assertThat(sample("sonde_series_overflow_total", new String[] {"metric"},
        new String[] {"requests_total"})).isEqualTo(2);
  }

  @Test
  void nullLabelValuesAreEmpty() {
    series.get(null, "/a", "200").inc();
    assertThat(sample("requests_total", new String[] {"a", "b", "c"},
        new String[] {"", "/a", "200"})).isEqualTo(1);
  }
}

package dev.sonde.instrumentation.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.client.Gauge;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StripedGaugeTest {

  @Test
  void movedByIncAndDecIsScrapedAsSimpleclientsGauge() {
    Gauge simpleclients = Gauge.build("http_requests_in_flight", "In flight.").create();
    StripedGauge ours = StripedGauge.build("http_requests_in_flight", "In flight.").create();

    Exposition.assertSame(simpleclients, ours);

    for (int i = 0; i < 5; i++) {
      simpleclients.labels().inc();
      ours.labels().inc();
    }
    simpleclients.labels().dec();
    ours.labels().dec();
    Exposition.assertSame(simpleclients, ours);
    assertThat(Exposition.text004(ours, false)).contains("http_requests_in_flight 4.0");

    for (int i = 0; i < 7; i++) {
      simpleclients.labels().dec();
      ours.labels().dec();
    }
    Exposition.assertSame(simpleclients, ours);
    assertThat(ours.labels().get()).isEqualTo(-3);
  }

  @Test
  void setWithLabelsIsScrapedAsSimpleclientsGauge() {
    Gauge simpleclients = Gauge.build("queue_messages_total", "Ready messages.")
        .labelNames("queue_name").create();
    StripedGauge ours = StripedGauge.build("queue_messages_total", "Ready messages.")
        .labelNames("queue_name").create();
    long[] values = {0, 17, 3, 1L << 40, -2};
    for (int i = 0; i < values.length; i++) {
      simpleclients.labels("q" + i).set(values[i]);
      ours.labels("q" + i).set(values[i]);
    }
    simpleclients.labels("q1").set(12);
    ours.labels("q1").set(12);

    Exposition.assertSame(simpleclients, ours);
  }

  @Test
  void setThenIncAndDecStartFromTheValueSet() {
    Gauge simpleclients = Gauge.build("g", "g").labelNames("a").create();
    StripedGauge ours = StripedGauge.build("g", "g").labelNames("a").create();
    simpleclients.labels("x").inc();
    ours.labels("x").inc();
    simpleclients.labels("x").set(10);
    ours.labels("x").set(10);
    simpleclients.labels("x").inc();
    ours.labels("x").inc();
    simpleclients.labels("x").dec();
    simpleclients.labels("x").dec();
    ours.labels("x").dec();
    ours.labels("x").dec();

    Exposition.assertSame(simpleclients, ours);
    assertThat(ours.labels("x").get()).isEqualTo(9);
  }

  @Test
  void concurrentIncAndDecAllCount() throws Exception {
    StripedGauge.Child child = StripedGauge.build("g", "g").create().labels();
    int threads = 4;
    int steps = 200_000;

    // Every thread goes up by `steps` and, except the last, back down again.
    Concurrently.run(threads, thread -> {
      for (int i = 0; i < steps; i++) {
        child.inc();
        if (thread != threads - 1) {
          child.dec();
        }
      }
    });

    assertThat(child.get()).isEqualTo(steps);
  }

  @Test
  void concurrentSetsLeaveOneOfTheValuesSet() throws Exception {
    StripedGauge.Child child = StripedGauge.build("g", "g").create().labels();
    int threads = 4;
    List<Long> lastValues = new ArrayList<>();
    for (int thread = 0; thread < threads; thread++) {
      lastValues.add(1_000_000L * thread + 99_999);
    }

    Concurrently.run(threads, thread -> {
      for (int i = 0; i < 100_000; i++) {
        child.set(1_000_000L * thread + i);
      }
    });

    assertThat(lastValues).contains(child.get());
  }
}

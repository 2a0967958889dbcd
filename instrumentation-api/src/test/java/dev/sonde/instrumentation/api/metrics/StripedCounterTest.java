package dev.sonde.instrumentation.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.exemplars.ExemplarConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StripedCounterTest {

  @BeforeAll
  static void noExemplars() {
    // As the agent runs simpleclient (AgentStarter).
    ExemplarConfig.disableExemplars();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jobs_total", "jobs"})
  void withoutLabelsIsScrapedAsSimpleclientsCounter(String name) {
    Counter simpleclients = Counter.build(name, "Jobs done.").create();
    StripedCounter ours = StripedCounter.build(name, "Jobs done.").create();

    Exposition.assertSame(simpleclients, ours);

    simpleclients.labels().inc();
    simpleclients.labels().inc(41);
    ours.labels().inc();
    ours.labels().inc(41);
    Exposition.assertSame(simpleclients, ours);
    assertThat(Exposition.text004(ours, false)).contains("jobs_total 42.0");
  }

  @Test
  void totalIsTheSumOfEveryLabelSet() {
    StripedCounter requests = StripedCounter.build("http_requests_total", "Requests.")
        .labelNames("method", "status_code").create();
    assertThat(requests.total()).isZero();

    requests.labels("GET", "200").inc(3);
    requests.labels("POST", "500").inc();
    requests.labels("GET", "200").inc();

    assertThat(requests.total()).isEqualTo(5);
  }

  @Test
  void withLabelsIsScrapedAsSimpleclientsCounter() {
    Counter simpleclients = Counter.build("http_requests_total", "Requests.")
        .labelNames("method", "endpoint", "status_code").create();
    StripedCounter ours = StripedCounter.build("http_requests_total", "Requests.")
        .labelNames("method", "endpoint", "status_code").create();
    String[][] labelSets = {
        {"GET", "/users/{id}", "200"},
        {"POST", "/orders", "500"},
        {"GET", "/users/{id}", "404"},
        {"", "", ""},
        {"GET", "/quote\"back\\slash\nnewline", "200"},
    };
    long amount = 0;
    for (String[] labels : labelSets) {
      amount++;
      simpleclients.labels(labels).inc();
      simpleclients.labels(labels).inc(amount * 1000);
      simpleclients.labels(labels).inc(0);
      ours.labels(labels).inc();
      ours.labels(labels).inc(amount * 1000);
      ours.labels(labels).inc(0);
    }

    Exposition.assertSame(simpleclients, ours);
  }

  @Test
  void countsAreNeverNegative() {
    StripedCounter.Child child = StripedCounter.build("c", "c").create().labels();
    assertThatThrownBy(() -> child.inc(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(child.get()).isZero();
  }

  @Test
  void createdIsWhenTheChildWasMade() {
    StripedCounter family = StripedCounter.build("c_total", "c").labelNames("a").create();
    long before = System.currentTimeMillis();
    family.labels("x");
    long after = System.currentTimeMillis();

    CollectorRegistry registry = new CollectorRegistry(true);
    registry.register(family);
    Double created = registry.getSampleValue("c_created", new String[] {"a"}, new String[] {"x"});
    assertThat(created).isBetween(before / 1000.0, after / 1000.0);
  }

  @Test
  void itsNamesClashWithSimpleclientsCounterOfTheSameName() {
    CollectorRegistry registry = new CollectorRegistry(true);
    registry.register(Counter.build("jobs_total", "Jobs.").create());
    assertThatThrownBy(() -> registry.register(StripedCounter.build("jobs", "Jobs.").create()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentIncrementsAllCount() throws Exception {
    StripedCounter family = StripedCounter.build("c_total", "c").labelNames("a").create();
    StripedCounter.Child child = family.labels("x");
    int threads = 4;
    int increments = 200_000;

    Concurrently.run(threads, thread -> {
      for (int i = 0; i < increments; i++) {
        child.inc();
        child.inc(2);
      }
    });

    assertThat(child.get()).isEqualTo(3L * threads * increments);
    assertThat(Exposition.text004(family, false))
        .contains("c_total{a=\"x\",} " + (double) (3L * threads * increments));
  }
}

package dev.sonde.e2e.harness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scrapes an agent's Prometheus endpoint at a fixed interval, as a Prometheus server would, and
 * keeps the count of good scrapes and the last one's text (for the sanity checks and the agent's
 * own counters, such as dropped spans).
 */
final class MetricsScraper implements AutoCloseable {

  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final HttpRequest request;
  private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(
      runnable -> {
        Thread thread = new Thread(runnable, "metrics-scraper");
        thread.setDaemon(true);
        return thread;
      });
  private final AtomicInteger good = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicReference<String> last = new AtomicReference<>("");

  MetricsScraper(int port, Duration interval) {
    request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .timeout(Duration.ofSeconds(5)).build();
    schedule.scheduleAtFixedRate(this::scrape, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One scrape now, outside the schedule: the final one, just before the service stops. */
  void scrapeNow() {
    try {
      schedule.submit(this::scrape).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      failed.incrementAndGet();
    }
  }

  private void scrape() {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200 && !response.body().isEmpty()) {
        good.incrementAndGet();
        last.set(response.body());
      } else {
        failed.incrementAndGet();
      }
    } catch (Exception e) {
      // The endpoint comes up a moment after the service (Sonde starts it in the background).
      failed.incrementAndGet();
    }
  }

  int goodScrapes() {
    return good.get();
  }

  /** The last good scrape's text; empty before the first. */
  String lastScrape() {
    return last.get();
  }

  /**
   * The sum of the samples of {@code metric} (any labels) in the last scrape; -1 when it has none.
   */
  double sum(String metric) {
    double sum = -1;
    for (String line : last.get().split("\n")) {
      if (line.startsWith(metric + " ") || line.startsWith(metric + "{")) {
        String value = line.substring(line.lastIndexOf(' ') + 1);
        sum = Math.max(sum, 0) + Double.parseDouble(value);
      }
    }
    return sum;
  }

  @Override
  public void close() {
    schedule.shutdownNow();
  }
}

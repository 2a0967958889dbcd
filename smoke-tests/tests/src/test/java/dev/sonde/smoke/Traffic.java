package dev.sonde.smoke;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.Ports;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the apps of {@link OperatorKitIT} busy until closed, as production traffic would: a daemon
 * thread sending, ten times a second, one request to each of their endpoints below (some answer
 * 4xx or 5xx on purpose). A request that fails is left for the specs to notice in the data.
 */
final class Traffic implements AutoCloseable {

  private static final long PAUSE_MILLIS = 100;

  private final Thread thread;
  private volatile boolean running = true;

  private Traffic(Map<AgentApp, List<String>> requests) {
    thread = new Thread(() -> {
      while (running) {
        requests.forEach((app, paths) -> paths.forEach(path -> {
          try {
            app.get(path);
          } catch (RuntimeException e) {
            // The app is busy or gone: the specs see it in what the agent reports.
          }
        }));
        try {
          TimeUnit.MILLISECONDS.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "operator-kit-traffic");
    thread.setDaemon(true);
  }

  /**
   * Traffic for the jdbc app ({@code shop}), the redis app ({@code cache}), the rabbitmq app's
   * front role ({@code orders}) and the http-client app ({@code gateway}), which calls the shop
   * (an answer, a 500), the cache (an answer, a 404: the caller's mistake, not the cache's) and a
   * port nothing listens on ({@code closedPort}: a refused connection).
   */
  static Traffic start(AgentApp shop, AgentApp cache, AgentApp orders, AgentApp gateway,
      int closedPort) {
    String shopServer = Ports.LOOPBACK + ":" + shop.port();
    String cacheServer = Ports.LOOPBACK + ":" + cache.port();
    Traffic traffic = new Traffic(Map.of(
        shop, List.of("/plain/users/1", "/hikari/users/2", "/h2/items/1", "/statement",
            "/broken", "/nope"),
        cache, List.of("/jedis/set/ops-key?value=text", "/jedis/get/ops-key",
            "/lettuce/sync/get/ops-absent", "/jedis/incr/ops-key"),
        orders, List.of("/publish/orders?body=order", "/publish/pending?body=later",
            "/get/pending", "/depth/pending"),
        gateway, List.of("/call/jdk-sync/" + shopServer + "/plain/users/1",
            "/call/jdk-sync/" + shopServer + "/broken",
            "/call/jdk-async/" + cacheServer + "/jedis/get/ops-key",
            "/call/jdk-async/" + cacheServer + "/nope",
            "/call/url-connection/" + Ports.LOOPBACK + ":" + closedPort + "/x")));
    traffic.thread.start();
    return traffic;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(TimeUnit.SECONDS.toMillis(10));
  }
}

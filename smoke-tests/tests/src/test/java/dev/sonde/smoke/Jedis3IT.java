package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.App;
import dev.sonde.smoke.harness.Jdk;
import dev.sonde.smoke.harness.MetricsScrape;
import dev.sonde.smoke.harness.OtlpReceiver;
import dev.sonde.smoke.harness.ReceivedSpan;
import dev.sonde.smoke.harness.RedisServer;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The old Jedis line, 3.x (before Jedis 4 rewrote its connection layer), once per installed JDK:
 * a {@code JedisPool} with a password against a real redis-server, in an app on the JDK's
 * {@code HttpServer}. The same contract as Jedis 8 in {@link RedisIT}: a CLIENT span per command
 * under the request's span, hits and misses of GET, SET counted ok.
 */
@ParameterizedClass(name = "Jedis 3 on {0}")
@MethodSource("dev.sonde.smoke.harness.Jdks#available")
class Jedis3IT {

  private static RedisServer redis;
  private static OtlpReceiver receiver;
  private static AgentApp app;

  /** The JDK of this invocation; the app below runs on it. */
  @Parameter
  Jdk jdk;

  @BeforeParameterizedClassInvocation
  static void startRedisAndTheAppWithTheAgent(Jdk jdk) {
    redis = RedisApps.startServer();
    receiver = OtlpReceiver.start();
    app = RedisApps.app(App.REDIS_JEDIS3, redis).on(jdk).serviceName("jedis3-smoke")
        .exportingTo(receiver).start();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    Fixtures.closeAll(app, receiver, redis);
  }

  @Test
  void aGetIsOneClientSpanUnderTheRequestsServerSpan() {
    String key = "key-" + HttpServerSpec.uniqueId();
    redis.set(key, "apple");

    TracedRequest request = TracedRequest.send(app, receiver, "/jedis/get/" + key);

    assertThat(request.body()).isEqualTo(key + "=apple");
    ReceivedSpan get = request.onlyClientSpan();
    assertThat(get.name()).isEqualTo("GET");
    assertThat(get.statusCode()).isNotEqualTo(StatusCode.STATUS_CODE_ERROR);
    assertThat(get.attributes())
        .containsEntry("db.system.name", "redis")
        .containsEntry("db.namespace", "0")
        .containsEntry("db.operation.name", "GET")
        .containsEntry("db.query.text", "GET " + key)
        .containsEntry("server.address", "127.0.0.1")
        .containsEntry("server.port", (long) redis.port());
  }

  @Test
  void aSetIsOneSpanWithItsValueHidden() {
    String key = "key-" + HttpServerSpec.uniqueId();

    TracedRequest request = TracedRequest.send(app, receiver, "/jedis/set/" + key + "?value=v42");

    assertThat(request.body()).isEqualTo("OK");
    assertThat(request.onlyClientSpan().name()).isEqualTo("SET");
    assertThat(request.onlyClientSpan().attributes())
        .containsEntry("db.query.text", "SET " + key + " ?");
    assertThat(redis.cli("GET", key)).isEqualTo("v42");
  }

  @Test
  void getsAreCountedAsHitsAndMissesAndSetsAsOk() {
    String present = "key-" + HttpServerSpec.uniqueId();
    redis.set(present, "pear");
    Map<String, String> hits = Map.of("operation", "GET", "result", "hit");
    Map<String, String> misses = Map.of("operation", "GET", "result", "miss");
    Map<String, String> setOk = Map.of("operation", "SET", "result", "ok");
    MetricsScrape before = app.scrape();

    assertThat(app.get("/jedis/get/" + present).body()).isEqualTo(present + "=pear");
    assertThat(app.get("/jedis/get/" + present).body()).isEqualTo(present + "=pear");
    assertThat(app.get("/jedis/get/absent-" + HttpServerSpec.uniqueId()).body()).endsWith("=(nil)");
    assertThat(app.get("/jedis/set/key-" + HttpServerSpec.uniqueId() + "?value=1").body())
        .isEqualTo("OK");

    await("GET hit + 2, miss + 1, SET ok + 1").atMost(OtlpReceiver.WAIT).untilAsserted(() -> {
      MetricsScrape scrape = app.scrape();
      assertThat(scrape.value("cache_operations_total", hits))
          .isEqualTo(before.valueOrZero("cache_operations_total", hits) + 2);
      assertThat(scrape.value("cache_operations_total", misses))
          .isEqualTo(before.valueOrZero("cache_operations_total", misses) + 1);
      assertThat(scrape.value("cache_operations_total", setOk))
          .isEqualTo(before.valueOrZero("cache_operations_total", setOk) + 1);
      assertThat(scrape.value("redis_command_duration_seconds_count", Map.of("command", "GET")))
          .isEqualTo(before.valueOrZero("redis_command_duration_seconds_count",
              Map.of("command", "GET")) + 3);
    });
    assertThat(app.scrape().text()).doesNotContain(RedisApps.PASSWORD);
  }
}

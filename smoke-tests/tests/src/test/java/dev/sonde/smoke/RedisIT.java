package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.App;
import dev.sonde.smoke.harness.Jdk;
import dev.sonde.smoke.harness.LogLine;
import dev.sonde.smoke.harness.MetricsScrape;
import dev.sonde.smoke.harness.OtlpReceiver;
import dev.sonde.smoke.harness.ReceivedSpan;
import dev.sonde.smoke.harness.RedisServer;
import dev.sonde.smoke.harness.Sample;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redis, once per installed JDK: Jedis 8 through a {@code JedisPool} and Lettuce 7 (sync, async,
 * reactive, one shared connection) against a real redis-server that requires a password, in an app
 * on the JDK's {@code HttpServer} (so every request is a SERVER span). Each command sent while a
 * request is served is one CLIENT span under that request's SERVER span, named after the command;
 * every command, in a request or not, is counted in {@code cache_operations_total} (hits and misses
 * of reads, ok or error otherwise) and timed in {@code redis_command_duration_seconds}.
 *
 * <p>Keys are unique per test (the spec shares one server and one app between its tests), seeded
 * with redis-cli.
 */
@ParameterizedClass(name = "Redis on {0}")
@MethodSource("dev.sonde.smoke.harness.Jdks#available")
class RedisIT {

  static final String JEDIS_DATA_EXCEPTION = "redis.clients.jedis.exceptions.JedisDataException";
  static final String JEDIS_CONNECTION_EXCEPTION =
      "redis.clients.jedis.exceptions.JedisConnectionException";
  static final String LETTUCE_TIMEOUT = "io.lettuce.core.RedisCommandTimeoutException";
  static final String NOT_AN_INTEGER = "ERR value is not an integer or out of range";

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
    app = RedisApps.app(App.REDIS, redis).on(jdk).serviceName("redis-smoke").exportingTo(receiver)
        .start();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    Fixtures.closeAll(app, receiver, redis);
  }

  // ---------------------------------------------------------------- spans: Jedis

  @Test
  void aJedisGetIsOneClientSpanUnderTheRequestsServerSpan() {
    String key = seeded("apple");

    TracedRequest request = send("/jedis/get/" + key);

    assertThat(request.body()).isEqualTo(key + "=apple");
    ReceivedSpan get = request.onlyClientSpan();
    assertThat(get.name()).isEqualTo("GET");
    assertThat(get.statusCode()).isNotEqualTo(StatusCode.STATUS_CODE_ERROR);
    assertThat(get.duration()).isPositive();
    assertThat(get.attributes())
        .satisfies(onRedis())
        .containsEntry("db.namespace", "0")
        .containsEntry("db.operation.name", "GET")
        .containsEntry("db.query.text", "GET " + key);
  }

  @Test
  void argumentsAfterTheKeyAreQuestionMarksInTheQueryText() {
    String key = unique("set");
    String secretValue = "value-" + HttpServerSpec.uniqueId();
    String present = seeded("x");
    String absent = unique("absent");

    TracedRequest set = send("/jedis/set/" + key + "?value=" + secretValue);
    TracedRequest mget = send("/jedis/mget?keys=" + key + "," + present + "," + absent);

    assertThat(set.body()).isEqualTo("OK");
    assertThat(set.onlyClientSpan().name()).isEqualTo("SET");
    assertThat(set.onlyClientSpan().attributes())
        .satisfies(onRedis())
        .containsEntry("db.namespace", "0")
        .containsEntry("db.operation.name", "SET")
        .containsEntry("db.query.text", "SET " + key + " ?");
    assertThat(mget.body()).isEqualTo(key + "=" + secretValue + "," + present + "=x," + absent + "=(nil)");
    assertThat(mget.onlyClientSpan().name()).isEqualTo("MGET");
    assertThat(mget.onlyClientSpan().attributes())
        .satisfies(onRedis())
        .containsEntry("db.operation.name", "MGET")
        .containsEntry("db.query.text", "MGET " + key + " ? ?");
    assertThat(List.of(set.onlyClientSpan(), mget.onlyClientSpan()))
        .as("no attribute carries the value written")
        .allSatisfy(span -> assertThat(span.attributes().values())
            .noneMatch(v -> String.valueOf(v).contains(secretValue)));
  }

  @Test
  void eachCommandOfAJedisPipelineIsOneSpanUnderTheRequest() {
    String key = unique("piped");

    TracedRequest request = send("/jedis/pipeline/" + key);

    assertThat(request.body()).isEqualTo("OK,piped,1");
    assertThat(request.clients()).extracting(ReceivedSpan::name).containsExactly("SET", "GET", "DEL");
    assertThat(request.clients()).extracting(s -> s.attributes().get("db.query.text"))
        .containsExactly("SET " + key + " ?", "GET " + key, "DEL " + key);
    assertThat(request.clients()).allSatisfy(s -> assertThat(s.attributes()).satisfies(onRedis()));
  }

  @Test
  void aCommandRedisRefusesIsAnErrorSpanWithTheExceptionRecorded() {
    String key = seeded("not-a-number");

    TracedRequest request = send("/jedis/incr/" + key);

    assertThat(request.response().statusCode()).isEqualTo(500);
    assertThat(request.body()).as("what the app caught")
        .isEqualTo(JEDIS_DATA_EXCEPTION + "\n" + NOT_AN_INTEGER);
    ReceivedSpan incr = request.onlyClientSpan();
    assertThat(incr.name()).isEqualTo("INCR");
    assertThat(incr.statusCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
    assertThat(incr.attributes())
        .satisfies(onRedis())
        .containsEntry("db.query.text", "INCR " + key)
        .containsEntry("error.type", JEDIS_DATA_EXCEPTION);
    assertThat(incr.events()).filteredOn(e -> e.name().equals("exception")).singleElement()
        .satisfies(e -> assertThat(e.attributes())
            .containsEntry("exception.type", JEDIS_DATA_EXCEPTION)
            .containsEntry("exception.message", NOT_AN_INTEGER));
  }

  @Test
  void aLineLoggedBetweenTwoCommandsCarriesTheTraceIdOfTheRequest() {
    String from = seeded("pear");
    String to = unique("copy");

    TracedRequest request = send("/jedis/copy/" + from + "/" + to);

    assertThat(request.body()).isEqualTo("copied pear");
    assertThat(request.clients()).extracting(ReceivedSpan::name).containsExactly("GET", "SET");
    LogLine line = app.awaitLogMessage("copying " + from + " to " + to);
    assertThat(line.traceId()).isEqualTo(request.server().traceId());
    assertThat(line.spanId()).as("the GET's span is not current: the request's span is")
        .isEqualTo(request.server().spanId());
  }

  // ---------------------------------------------------------------- spans: Lettuce

  @ParameterizedTest(name = "Lettuce {0}")
  @ValueSource(strings = {"sync", "async", "reactive"})
  void aLettuceGetIsOneClientSpanUnderTheRequestsServerSpanWhicheverApiSendsIt(String api) {
    // async: the reply completes the future on Lettuce's I/O thread, not on the request's.
    // reactive: the command is sent when the handler subscribes (block()).
    String key = seeded("plum");

    TracedRequest request = TracedRequest.send(app, receiver, "/lettuce/" + api + "/get/" + key, 1);

    assertThat(request.body()).isEqualTo(key + "=plum");
    ReceivedSpan get = request.onlyClientSpan();
    assertThat(get.name()).isEqualTo("GET");
    assertThat(get.statusCode()).isNotEqualTo(StatusCode.STATUS_CODE_ERROR);
    assertThat(get.attributes())
        .satisfies(onRedis())
        .containsEntry("db.operation.name", "GET")
        .containsEntry("db.query.text", "GET " + key);
  }

  @Test
  void aLettuceMgetShowsItsFirstKeyAndAQuestionMarkForEachOther() {
    String first = seeded("a");
    String second = unique("absent");

    TracedRequest request = TracedRequest.send(app, receiver,
        "/lettuce/mget?keys=" + first + "," + second, 1);

    assertThat(request.body()).isEqualTo(first + "=a," + second + "=(nil)");
    assertThat(request.onlyClientSpan().name()).isEqualTo("MGET");
    assertThat(request.onlyClientSpan().attributes())
        .satisfies(onRedis())
        .containsEntry("db.query.text", "MGET " + first + " ?");
  }

  @Test
  void aCommandFromAThreadWithoutTraceContextIsCountedButMakesNoSpan() {
    String key = unique("untraced");
    MetricsScrape before = app.scrape();

    TracedRequest request = send("/lettuce/no-context/get/" + key);

    assertThat(request.body()).isEqualTo(key + "=(nil)");
    assertThat(request.clients()).as("the GET ran on a thread the request's context never reached")
        .isEmpty();
    awaitScrape("the GET still counted: miss + 1", scrape ->
        assertThat(scrape.value("cache_operations_total", operation("GET", "miss")))
            .isEqualTo(before.valueOrZero("cache_operations_total", operation("GET", "miss")) + 1));
    // Spans are exported in the order they end: once the next request's are in, every earlier one is.
    send("/jedis/get/" + unique("barrier"));
    assertThat(receiver.spans()).as("no span of that GET, under whatever parent")
        .noneMatch(s -> ("GET " + key).equals(s.attributes().get("db.query.text")));
  }

  // ---------------------------------------------------------------- the password

  @Test
  void thePasswordIsInNoSpanNoResourceAndNotInTheScrape() {
    String key = seeded("fig");

    // A connection made inside the request: its AUTH is a command of the request.
    TracedRequest fresh = send("/jedis/new-connection/get/" + key);
    send("/jedis/get/" + key);
    TracedRequest.send(app, receiver, "/lettuce/sync/get/" + key, 1);

    assertThat(fresh.body()).isEqualTo(key + "=fig");
    assertThat(fresh.clients()).extracting(ReceivedSpan::name).contains("AUTH", "GET");
    assertThat(fresh.clients()).filteredOn(s -> s.name().equals("AUTH")).singleElement()
        .satisfies(auth -> assertThat(auth.attributes()).containsEntry("db.query.text", "AUTH ?"));
    List<ReceivedSpan> spans = receiver.spans();
    assertThat(spans).filteredOn(s -> s.kind() == SpanKind.SPAN_KIND_CLIENT).isNotEmpty();
    assertThat(spans).allSatisfy(span -> {
      String everything = span.attributes() + " " + span.resource() + " " + span.events();
      assertThat(everything).as("attributes, resource and events of %s", span)
          .doesNotContain(RedisApps.PASSWORD);
    });
    assertThat(app.scrape().text()).doesNotContain(RedisApps.PASSWORD);
  }

  // ---------------------------------------------------------------- metrics

  @Test
  void everyReadIsCountedAsAHitOrAMissWhicheverClientSendsIt() {
    String apple = seeded("apple");
    String pear = seeded("pear");
    Map<String, String> hits = operation("GET", "hit");
    Map<String, String> misses = operation("GET", "miss");
    Map<String, String> getDurations = Map.of("command", "GET");
    MetricsScrape before = app.scrape();

    List<String> reads = List.of("/jedis/get/" + apple, "/jedis/get/" + unique("absent"),
        "/lettuce/sync/get/" + pear, "/lettuce/async/get/" + apple,
        "/lettuce/reactive/get/" + unique("absent"), "/jedis/new-connection/get/" + pear);
    for (String path : reads) {
      assertThat(app.get(path).statusCode()).as(path).isEqualTo(200);
    }

    awaitScrape("GET hit + 4, miss + 2, timed 6 times", scrape -> {
      assertThat(scrape.value("cache_operations_total", hits))
          .isEqualTo(before.valueOrZero("cache_operations_total", hits) + 4);
      assertThat(scrape.value("cache_operations_total", misses))
          .isEqualTo(before.valueOrZero("cache_operations_total", misses) + 2);
      assertThat(scrape.value("redis_command_duration_seconds_count", getDurations))
          .isEqualTo(before.valueOrZero("redis_command_duration_seconds_count", getDurations) + 6);
    });
    MetricsScrape scrape = app.scrape();
    assertThat(scrape.value("redis_command_duration_seconds_sum", getDurations)).isPositive();
    assertThat(scrape.value("redis_command_duration_seconds_bucket", Map.of("command", "GET", "le", "+Inf")))
        .isEqualTo(scrape.value("redis_command_duration_seconds_count", getDurations));
    assertThat(scrape.labelSets("cache_operations_total"))
        .as("every series is labelled exactly operation and result")
        .allSatisfy(labels -> assertThat(labels).containsOnlyKeys("operation", "result"))
        .extracting(labels -> labels.get("result")).allMatch(List.of("hit", "miss", "ok", "error")::contains);
    assertThat(scrape.labelSets("redis_command_duration_seconds_count"))
        .allSatisfy(labels -> assertThat(labels).containsOnlyKeys("command"));
    assertThat(scrape.series("cache_hit_ratio")).as("the share of hits among recent reads")
        .singleElement().extracting(Sample::value, InstanceOfAssertFactories.DOUBLE)
        .isBetween(0.0, 1.0);
  }

  @Test
  void anMgetCountsAHitOrAMissForEachKey() {
    String a = seeded("1");
    String b = seeded("2");
    Map<String, String> hits = operation("MGET", "hit");
    Map<String, String> misses = operation("MGET", "miss");
    MetricsScrape before = app.scrape();

    assertThat(app.get("/jedis/mget?keys=" + a + "," + b + "," + unique("absent")).body())
        .endsWith("=(nil)");
    assertThat(app.get("/lettuce/mget?keys=" + unique("absent") + "," + a).body())
        .endsWith("=1");

    awaitScrape("MGET hit + 3, miss + 2", scrape -> {
      assertThat(scrape.value("cache_operations_total", hits))
          .isEqualTo(before.valueOrZero("cache_operations_total", hits) + 3);
      assertThat(scrape.value("cache_operations_total", misses))
          .isEqualTo(before.valueOrZero("cache_operations_total", misses) + 2);
    });
  }

  @Test
  void aWriteIsCountedOk() {
    Map<String, String> ok = operation("SET", "ok");
    MetricsScrape before = app.scrape();

    assertThat(app.get("/jedis/set/" + unique("w") + "?value=1").body()).isEqualTo("OK");
    assertThat(app.get("/jedis/set/" + unique("w") + "?value=2").body()).isEqualTo("OK");

    awaitScrape("SET ok + 2", scrape -> assertThat(scrape.value("cache_operations_total", ok))
        .isEqualTo(before.valueOrZero("cache_operations_total", ok) + 2));
  }

  @Test
  void aCommandRedisRefusesIsCountedAsAnErrorOfTheCommandAndAsARedisError() {
    String key = seeded("text");
    Map<String, String> incrErrors = operation("INCR", "error");
    Map<String, String> errors = Map.of("error_type", JEDIS_DATA_EXCEPTION, "component", "redis");
    MetricsScrape before = app.scrape();

    assertThat(app.get("/jedis/incr/" + key).statusCode()).isEqualTo(500);

    awaitScrape("INCR error + 1, errors_total{JedisDataException, redis} + 1", scrape -> {
      assertThat(scrape.value("cache_operations_total", incrErrors))
          .isEqualTo(before.valueOrZero("cache_operations_total", incrErrors) + 1);
      assertThat(scrape.value("errors_total", errors))
          .isEqualTo(before.valueOrZero("errors_total", errors) + 1);
    });
  }

  @Test
  void theHitRatioIsTheShareOfHitsAmongTheReadsOfTheLastMinute() {
    String key = seeded("kiwi");
    // A fresh app: every read it ever made is one of these four, all well within the minute.
    try (AgentApp fresh = RedisApps.app(App.REDIS, redis).on(jdk).exportingTo(receiver).start()) {
      assertThat(fresh.get("/jedis/get/" + key).body()).isEqualTo(key + "=kiwi");
      assertThat(fresh.get("/lettuce/sync/get/" + key).body()).isEqualTo(key + "=kiwi");
      assertThat(fresh.get("/jedis/mget?keys=" + key + "," + unique("absent")).body())
          .startsWith(key + "=kiwi,");

      await("cache_hit_ratio 3 hits / 4 reads").atMost(OtlpReceiver.WAIT).untilAsserted(() ->
          assertThat(fresh.scrape().value("cache_hit_ratio", Map.of())).isEqualTo(0.75));
    }
  }

  // ---------------------------------------------------------------- a stopped server

  @Test
  void aCommandAgainstAStoppedServerIsAnErrorWhileTheAppGetsTheClientsOwnException() {
    String key = unique("down");
    Map<String, String> getErrors = operation("GET", "error");
    Map<String, String> jedisErrors =
        Map.of("error_type", JEDIS_CONNECTION_EXCEPTION, "component", "redis");
    try (AgentApp withoutAgent = RedisApps.app(App.REDIS, redis).on(jdk).withoutAgent().start()) {
      MetricsScrape before = app.scrape();
      redis.stop();
      try {
        // Jedis: the pooled connection's server is gone. Lettuce: it waits for a reconnect, times out.
        TracedRequest jedis = send("/jedis/get/" + key);
        TracedRequest lettuce = TracedRequest.send(app, receiver, "/lettuce/sync/get/" + key, 1);
        String jedisPlain = withoutAgent.get("/jedis/get/" + key).body();
        String lettucePlain = withoutAgent.get("/lettuce/sync/get/" + key).body();

        assertThat(jedisPlain).isEqualTo(JEDIS_CONNECTION_EXCEPTION + "\nUnexpected end of stream.");
        assertThat(lettucePlain).isEqualTo(LETTUCE_TIMEOUT + "\nCommand timed out after 1 second(s)");
        assertThat(jedis.body()).as("Jedis's exception with the agent").isEqualTo(jedisPlain);
        assertThat(lettuce.body()).as("Lettuce's exception with the agent").isEqualTo(lettucePlain);

        assertThat(jedis.onlyClientSpan().statusCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
        assertThat(jedis.onlyClientSpan().attributes())
            .containsEntry("db.query.text", "GET " + key)
            .containsEntry("error.type", JEDIS_CONNECTION_EXCEPTION);
        assertThat(lettuce.onlyClientSpan().statusCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
        assertThat(lettuce.onlyClientSpan().attributes())
            .containsEntry("db.query.text", "GET " + key)
            .containsKey("error.type");
        awaitScrape("GET error + 2 (one per client), two more Redis errors", scrape -> {
          assertThat(scrape.value("cache_operations_total", getErrors))
              .isEqualTo(before.valueOrZero("cache_operations_total", getErrors) + 2);
          assertThat(scrape.value("errors_total", jedisErrors))
              .isEqualTo(before.valueOrZero("errors_total", jedisErrors) + 1);
          assertThat(redisErrors(scrape)).isEqualTo(redisErrors(before) + 2);
        });
      } finally {
        redis.startAgain();
        // The Jedis pool replaced its broken connection; Lettuce reconnects within 200 ms.
        for (AgentApp each : List.of(app, withoutAgent)) {
          await(each + " talking to Redis again").atMost(OtlpReceiver.WAIT).untilAsserted(() -> {
            assertThat(each.get("/jedis/get/" + key).body()).isEqualTo(key + "=(nil)");
            assertThat(each.get("/lettuce/sync/get/" + key).body()).isEqualTo(key + "=(nil)");
          });
        }
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private static TracedRequest send(String path) {
    return TracedRequest.send(app, receiver, path);
  }

  /** A key no other test uses. */
  private static String unique(String prefix) {
    return prefix + "-" + HttpServerSpec.uniqueId();
  }

  /** A new key holding {@code value}, written with redis-cli. */
  private static String seeded(String value) {
    String key = unique("key");
    redis.set(key, value);
    return key;
  }

  /** The attributes every Redis command span has. */
  private static ThrowingConsumer<Map<String, Object>> onRedis() {
    return attributes -> assertThat(attributes)
        .containsEntry("db.system.name", "redis")
        .containsEntry("server.address", "127.0.0.1")
        .containsEntry("server.port", (long) redis.port());
  }

  static Map<String, String> operation(String operation, String result) {
    return Map.of("operation", operation, "result", result);
  }

  /** errors_total of component redis, whatever the exception. */
  private static double redisErrors(MetricsScrape scrape) {
    return scrape.series("errors_total").stream()
        .filter(s -> "redis".equals(s.labels().get("component")))
        .mapToDouble(Sample::value).sum();
  }

  /** Scrapes until {@code assertion} holds (at most {@link OtlpReceiver#WAIT}). */
  private static void awaitScrape(String description, Consumer<MetricsScrape> assertion) {
    await(description).atMost(OtlpReceiver.WAIT)
        .untilAsserted(() -> assertion.accept(app.scrape()));
  }
}

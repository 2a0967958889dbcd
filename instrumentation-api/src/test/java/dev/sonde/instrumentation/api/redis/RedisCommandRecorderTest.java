package dev.sonde.instrumentation.api.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.instrumentation.api.health.Dependencies;
import dev.sonde.instrumentation.api.health.DependencyWindow;
import dev.sonde.instrumentation.api.metrics.Metrics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.prometheus.client.CollectorRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Given commands and replies as a client's recorder normalizes them: these spans, these series. */
class RedisCommandRecorderTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final Tracer tracer = SdkTracerProvider.builder()
      .addSpanProcessor(SimpleSpanProcessor.create(spans)).build().get("test");
  private final CollectorRegistry registry = new CollectorRegistry(true);
  private final RedisCommandRecorder recorder =
      new RedisCommandRecorder(tracer, new Metrics(registry, new double[] {0.1, 1}, 100), false,
          new Dependencies(true, 60_000));
  private final DependencyWindow server = recorder.endpoint("cache.local", 6379);

  private static Object[] args(String... values) {
    Object[] bytes = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = values[i].getBytes(StandardCharsets.UTF_8);
    }
    return bytes;
  }

  private double operations(String operation, String result) {
    Double value = registry.getSampleValue("cache_operations_total",
        new String[] {"operation", "result"}, new String[] {operation, result});
    return value == null ? 0 : value;
  }

  private void run(String command, Object[] args, Object reply) {
    recorder.end(recorder.start(command, args, "cache.local", 6379, 0, server), reply, null);
  }

  private SpanData underARequest(String command, Object[] args, Object reply, Throwable error) {
    Span request = tracer.spanBuilder("GET /users/{id}").setSpanKind(SpanKind.SERVER).startSpan();
    try (Scope ignored = request.makeCurrent()) {
      recorder.end(recorder.start(command, args, "cache.local", 6379, 2, server), reply, error);
    } finally {
      request.end();
    }
    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished).hasSize(2);
    SpanData client = finished.get(0);
    assertThat(client.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    return client;
  }

  @Test
  void aGetThatFindsItsKeyIsAHitAndOneThatDoesNotIsAMiss() {
    run("get", args("user:1"), "alice".getBytes(StandardCharsets.UTF_8));
    run("GET", args("user:404"), null);

    assertThat(operations("GET", "hit")).isEqualTo(1);
    assertThat(operations("GET", "miss")).isEqualTo(1);
    assertThat(registry.getSampleValue("cache_hit_ratio")).isEqualTo(0.5);
    assertThat(registry.getSampleValue("redis_command_duration_seconds_count",
        new String[] {"command"}, new String[] {"GET"})).isEqualTo(2);
  }

  @Test
  void anMgetCountsEveryKeyAndAnExistsCountsTheKeysFound() {
    run("MGET", args("a", "b", "c"), Arrays.asList("1".getBytes(StandardCharsets.UTF_8), null,
        "3".getBytes(StandardCharsets.UTF_8)));
    run("EXISTS", args("a", "b", "x", "y"), 2L);
    run("HEXISTS", args("h", "f"), Boolean.FALSE);
    run("HGETALL", args("h"), Map.of());

    assertThat(operations("MGET", "hit")).isEqualTo(2);
    assertThat(operations("MGET", "miss")).isEqualTo(1);
    assertThat(operations("EXISTS", "hit")).isEqualTo(2);
    assertThat(operations("EXISTS", "miss")).isEqualTo(2);
    assertThat(operations("HEXISTS", "miss")).isEqualTo(1);
    assertThat(operations("HGETALL", "miss")).isEqualTo(1);
    assertThat(registry.getSampleValue("cache_hit_ratio")).isEqualTo(4.0 / 9);
  }

  @Test
  void everyCommandCountsInItsServersHealthWindowAndOnlyTheServersFailuresAsErrors() {
    run("GET", args("k"), null);
    run("SET", args("k", "v"), "OK");
    // The server refused a wrong command: the application's error, not the server's.
    recorder.end(recorder.start("INCR", args("k"), "cache.local", 6379, 0, server), null,
        new IllegalStateException("ERR value is not an integer or out of range"));
    recorder.end(recorder.start("LPUSH", args("k", "x"), "cache.local", 6379, 0, server), null,
        new IllegalStateException("WRONGTYPE Operation against a key holding the wrong kind"));
    assertThat(server.snapshot(System.nanoTime()).errors).isZero();

    recorder.end(recorder.start("GET", args("k"), "cache.local", 6379, 0, server), null,
        new IllegalStateException("Command timed out after 1 second(s)"));
    recorder.end(recorder.start("GET", args("k"), "cache.local", 6379, 0, server), null,
        new IllegalStateException("LOADING Redis is loading the dataset in memory"));

    DependencyWindow.Snapshot calls = server.snapshot(System.nanoTime());
    assertThat(server.type()).isEqualTo("redis");
    assertThat(server.endpoint()).isEqualTo("cache.local:6379");
    assertThat(calls.calls).isEqualTo(6);
    assertThat(calls.errors).isEqualTo(2);
    assertThat(calls.timedCalls).isEqualTo(6);
    assertThat(calls.lastCallFailed).isTrue();
    assertThat(recorder.endpoint("cache.local", 6379)).isSameAs(server);
  }

  @Test
  void writesAreOkAndFailuresAreErrorsCountedOnce() {
    run("SET", args("k", "v"), "OK");
    recorder.end(recorder.start("INCR", args("k"), null, -1, -1, recorder.endpoint(null, -1)),
        null, new IllegalStateException("ERR value is not an integer"));

    assertThat(operations("SET", "ok")).isEqualTo(1);
    assertThat(operations("INCR", "error")).isEqualTo(1);
    assertThat(registry.getSampleValue("errors_total", new String[] {"error_type", "component"},
        new String[] {"java.lang.IllegalStateException", "redis"})).isEqualTo(1);
  }

  @Test
  void withNoReadsThereIsNoHitRatioSample() {
    run("SET", args("k", "v"), "OK");

    assertThat(registry.getSampleValue("cache_hit_ratio")).isNull();
  }

  @Test
  void aCommandOutsideAnySpanIsMeasuredButNotTraced() {
    run("GET", args("k"), null);

    assertThat(spans.getFinishedSpanItems()).isEmpty();
    assertThat(operations("GET", "miss")).isEqualTo(1);
  }

  @Test
  void underARequestACommandIsAClientSpanWithTheKeyAndNoValue() {
    SpanData span = underARequest("set", args("user:1", "s3cret-value"), "OK", null);

    assertThat(span.getName()).isEqualTo("SET");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getAttributes().asMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
        AttributeKey.stringKey("db.system.name"), "redis",
        AttributeKey.stringKey("db.operation.name"), "SET",
        AttributeKey.stringKey("db.query.text"), "SET user:1 ?",
        AttributeKey.stringKey("db.namespace"), "2",
        AttributeKey.stringKey("server.address"), "cache.local",
        AttributeKey.longKey("server.port"), 6379L));
  }

  @Test
  void aFailedCommandIsAnErrorSpanWithTheException() {
    SpanData span = underARequest("INCR", args("k"), null, new IllegalStateException("ERR"));

    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(span.getEvents()).extracting(e -> e.getName()).containsExactly("exception");
  }

  @Test
  void passwordsNeverReachTheQueryTextEvenWhenArgumentsAreCaptured() {
    RedisQueryText capturing = new RedisQueryText(true);
    RedisQueryText plain = new RedisQueryText(false);

    assertThat(capturing.of("AUTH", args("default", "s3cret"))).isEqualTo("AUTH ? ?");
    assertThat(capturing.of("HELLO", args("3", "AUTH", "default", "s3cret")))
        .isEqualTo("HELLO ? ? ? ?");
    assertThat(plain.of("AUTH", args("s3cret"))).isEqualTo("AUTH ?");
    assertThat(capturing.of("SET", args("k", "v"))).isEqualTo("SET k v");
    assertThat(plain.of("GET", null)).isEqualTo("GET");
  }

  @Test
  void capturedArgumentsAndTheWholeTextAreCut() {
    RedisQueryText capturing = new RedisQueryText(true);
    byte[] big = new byte[1_000_000];
    Arrays.fill(big, (byte) 'x');

    String text = capturing.of("SET", new Object[] {"k".getBytes(StandardCharsets.UTF_8), big});

    assertThat(text).hasSize("SET k ".length() + RedisQueryText.MAX_ARG_LENGTH + 1).endsWith("x…");
  }
}

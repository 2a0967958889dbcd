package dev.sonde.instrumentation.lettuce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.metrics.Metrics;
import dev.sonde.instrumentation.api.redis.RedisCommandRecorder;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.KeyValueListOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.output.StreamingOutput;
import io.lettuce.core.output.ValueListOutput;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.CommandWrapper;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.protocol.TransactionalCommand;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.prometheus.client.CollectorRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * The recorder driven the way the advice drives it: a dispatch on the application's thread, then
 * the completion of each layer of the command, outermost first, on another thread.
 */
class LettuceRecorderTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final Tracer tracer = SdkTracerProvider.builder()
      .addSpanProcessor(SimpleSpanProcessor.create(spans)).build().get("test");
  private final CollectorRegistry registry = new CollectorRegistry(true);
  private final LettuceRecorder recorder = new LettuceRecorder(
      RedisCommandRecorder.of(new Telemetry(tracer,
          new Metrics(registry, new double[] {0.1, 1}, 100),
          new Config(Collections.<String, String>emptyMap(),
              Collections.<String, String>emptyMap(), new Properties()))),
      false, 1000);

  private static ByteBuffer utf8(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private static <T> AsyncCommand<String, String, T> command(CommandType type,
      CommandOutput<String, String, T> output, String... keys) {
    CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
    for (String key : keys) {
      args.addKey(key);
    }
    return new AsyncCommand<>(new Command<>(type, output, args));
  }

  private void dispatch(RedisCommand<?, ?, ?> command) {
    recorder.commandSent(command, null, command.getType(), command.getArgs());
  }

  /** What CompleteAdvice reports, for every layer Lettuce completes. */
  private void complete(RedisCommand<?, ?, ?>... layers) {
    for (RedisCommand<?, ?, ?> layer : layers) {
      recorder.replyReceived(layer, layer.getOutput(), null);
    }
  }

  private double operations(String operation, String result) {
    Double value = registry.getSampleValue("cache_operations_total",
        new String[] {"operation", "result"}, new String[] {operation, result});
    return value == null ? 0 : value;
  }

  private double durations(String command) {
    Double value = registry.getSampleValue("redis_command_duration_seconds_count",
        new String[] {"command"}, new String[] {command});
    return value == null ? 0 : value;
  }

  @Test
  void aGetEndsOnceWhenItsOutermostLayerCompletesAndCountsAHitOrAMiss() {
    ValueOutput<String, String> found = new ValueOutput<>(StringCodec.UTF8);
    AsyncCommand<String, String, String> hit = command(CommandType.GET, found, "user:1");
    AsyncCommand<String, String, String> miss =
        command(CommandType.GET, new ValueOutput<>(StringCodec.UTF8), "user:404");
    CommandWrapper<String, String, String> outer = new CommandWrapper<>(hit);

    dispatch(hit);
    dispatch(miss);
    found.set(utf8("alice"));
    complete(outer, hit, hit.getDelegate());
    complete(miss, miss.getDelegate());
    complete(hit);

    assertThat(operations("GET", "hit")).isEqualTo(1);
    assertThat(operations("GET", "miss")).isEqualTo(1);
    assertThat(durations("GET")).isEqualTo(2);
    assertThat(recorder.inFlight()).isZero();
  }

  @Test
  void anMgetCountsEachKey() {
    KeyValueListOutput<String, String> output =
        new KeyValueListOutput<>(StringCodec.UTF8, Arrays.asList("a", "b", "c"));
    AsyncCommand<String, String, ?> mget = command(CommandType.MGET, output, "a", "b", "c");

    dispatch(mget);
    output.multi(3);
    output.set(utf8("1"));
    output.set((ByteBuffer) null);
    output.set(utf8("3"));
    complete(mget);

    assertThat(operations("MGET", "hit")).isEqualTo(2);
    assertThat(operations("MGET", "miss")).isEqualTo(1);
  }

  @Test
  void aSetIsOkAnErrorReplyAnErrorAndACancelAnError() {
    StatusOutput<String, String> ok = new StatusOutput<>(StringCodec.UTF8);
    AsyncCommand<String, String, String> set = command(CommandType.SET, ok, "k");
    StatusOutput<String, String> wrong = new StatusOutput<>(StringCodec.UTF8);
    AsyncCommand<String, String, String> lpush = command(CommandType.LPUSH, wrong, "k");
    AsyncCommand<String, String, String> timedOut =
        command(CommandType.BLPOP, new StatusOutput<>(StringCodec.UTF8), "q");

    dispatch(set);
    dispatch(lpush);
    dispatch(timedOut);
    ok.set(utf8("OK"));
    complete(set);
    wrong.setError("WRONGTYPE Operation against a key holding the wrong kind of value");
    complete(lpush);
    recorder.replyReceived(timedOut, null, new CancellationException("command cancelled"));

    assertThat(operations("SET", "ok")).isEqualTo(1);
    assertThat(operations("LPUSH", "error")).isEqualTo(1);
    assertThat(operations("BLPOP", "error")).isEqualTo(1);
    assertThat(registry.getSampleValue("errors_total", new String[] {"error_type", "component"},
        new String[] {"io.lettuce.core.RedisCommandExecutionException", "redis"})).isEqualTo(1);
  }

  @Test
  void aQueuedCommandEndsWithTheTransactionNotWithItsQueuedReply() {
    ValueOutput<String, String> output = new ValueOutput<>(StringCodec.UTF8);
    AsyncCommand<String, String, String> get = command(CommandType.GET, output, "k");
    TransactionalCommand<String, String, String> queued = new TransactionalCommand<>(get);

    // StatefulRedisConnectionImpl wraps the command before the dispatch the advice sees.
    dispatch(queued);
    complete(queued); // QUEUED: the transactional layer counts down, the command is not done
    assertThat(durations("GET")).isZero();

    output.set(utf8("v"));
    complete(queued, get); // EXEC: the command completes
    assertThat(operations("GET", "hit")).isEqualTo(1);
  }

  @Test
  void underARequestTheCommandIsAChildSpanWithTheKeyAndNoOtherArgument() {
    StatusOutput<String, String> ok = new StatusOutput<>(StringCodec.UTF8);
    CommandArgs<String, String> args =
        new CommandArgs<>(StringCodec.UTF8).addKey("user:1").addValue("secret");
    AsyncCommand<String, String, String> set =
        new AsyncCommand<>(new Command<>(CommandType.SET, ok, args));
    CommandArgs<String, String> authArgs =
        new CommandArgs<>(StringCodec.UTF8).add("default").add("s3cret".toCharArray());
    AsyncCommand<String, String, String> auth = new AsyncCommand<>(
        new Command<>(CommandType.AUTH, new StatusOutput<>(StringCodec.UTF8), authArgs));

    Span request = tracer.spanBuilder("GET /users/{id}").setSpanKind(SpanKind.SERVER).startSpan();
    try (Scope ignored = request.makeCurrent()) {
      dispatch(set);
      dispatch(auth);
    }
    request.end();
    complete(set);
    complete(auth);

    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished).hasSize(3);
    SpanData client = finished.get(1);
    assertThat(client.getName()).isEqualTo("SET");
    assertThat(client.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(client.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    assertThat(client.getAttributes().get(AttributeKey.stringKey("db.query.text")))
        .isEqualTo("SET user:1 ?");
    assertThat(finished.get(2).getAttributes().get(AttributeKey.stringKey("db.query.text")))
        .isEqualTo("AUTH ? ?");
  }

  @Test
  void aReadStreamedToAReactiveSubscriberIsTimedButCountsNeitherHitNorMiss() {
    ValueListOutput<String, String> output = new ValueListOutput<>(StringCodec.UTF8);
    output.setSubscriber(new StreamingOutput.Subscriber<String>() {
      @Override
      public void onNext(String value) {}
    });
    AsyncCommand<String, String, List<String>> lrange = command(CommandType.LRANGE, output, "l");

    dispatch(lrange);
    output.multi(1);
    output.set(utf8("a"));
    complete(lrange);

    assertThat(durations("LRANGE")).isEqualTo(1);
    assertThat(operations("LRANGE", "hit") + operations("LRANGE", "miss")
        + operations("LRANGE", "ok")).isZero();
  }

  @Test
  void withoutACurrentSpanThereIsNoSpanOnlyMetrics() {
    AsyncCommand<String, String, String> get =
        command(CommandType.GET, new ValueOutput<>(StringCodec.UTF8), "k");

    dispatch(get);
    complete(get);

    assertThat(spans.getFinishedSpanItems()).isEmpty();
    assertThat(operations("GET", "miss")).isEqualTo(1);
  }
}

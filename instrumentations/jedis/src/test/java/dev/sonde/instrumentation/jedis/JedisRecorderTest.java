package dev.sonde.instrumentation.jedis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.metrics.Metrics;
import dev.sonde.instrumentation.api.redis.RedisCommandRecorder;
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
import java.util.Properties;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol.Command;
import redis.clients.jedis.Protocol.Keyword;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * What the advice reports, with Jedis' own command and exception objects and fake connections
 * (no server): these series, these spans, and each reply paired with the right command.
 */
class JedisRecorderTest {

  /** A Jedis 4+ connection as the recorder sees it: a package-private getHostAndPort(). */
  static final class Connection4 {
    HostAndPort getHostAndPort() {
      return new HostAndPort("cache.local", 6390);
    }
  }

  /** A Jedis 3 connection: public getHost()/getPort(). */
  public static final class Connection3 {
    public String getHost() {
      return "old.local";
    }

    public int getPort() {
      return 6379;
    }
  }

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final Tracer tracer = SdkTracerProvider.builder()
      .addSpanProcessor(SimpleSpanProcessor.create(spans)).build().get("test");
  private final CollectorRegistry registry = new CollectorRegistry(true);
  private final JedisRecorder jedis = new JedisRecorder(RedisCommandRecorder.of(new Telemetry(
      tracer, new Metrics(registry, new double[] {0.1, 1}, 100),
      new Config(Map.of(), Map.of(), new Properties()))), false);
  private final Object connection = new Connection4();

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void send(Object owner, Command command, String... args) {
    jedis.commandSent(owner, owner, new CommandArguments(command).addObjects((Object[]) args),
        null);
  }

  private void send(Command command, String... args) {
    send(connection, command, args);
  }

  private void reply(Object reply) {
    jedis.replyReceived(connection, reply, null);
  }

  private double operations(String operation, String result) {
    Double value = registry.getSampleValue("cache_operations_total",
        new String[] {"operation", "result"}, new String[] {operation, result});
    return value == null ? 0 : value;
  }

  private double count(String command) {
    Double value = registry.getSampleValue("redis_command_duration_seconds_count",
        new String[] {"command"}, new String[] {command});
    return value == null ? 0 : value;
  }

  private double errors(String type) {
    Double value = registry.getSampleValue("errors_total",
        new String[] {"error_type", "component"}, new String[] {type, "redis"});
    return value == null ? 0 : value;
  }

  @Test
  void theClientsOwnSetInfoAnnouncementIsPairedButNotRecordedEvenWhenRefused() {
    send(Command.CLIENT, "SETINFO", "LIB-NAME", "jedis");
    send(Command.CLIENT, "SETINFO", "LIB-VER", "8.0.2");
    send(Command.GET, "user:1");
    jedis.replyReceived(connection, null,
        new JedisDataException("ERR unknown subcommand 'SETINFO'"));
    jedis.replyReceived(connection, null,
        new JedisDataException("ERR unknown subcommand 'SETINFO'"));
    reply(bytes("alice"));

    assertThat(operations("CLIENT", "error")).isZero();
    assertThat(errors("redis.clients.jedis.exceptions.JedisDataException")).isZero();
    assertThat(operations("GET", "hit")).as("the GET still gets its own reply").isEqualTo(1);
  }

  @Test
  void aGetFoundIsAHitAndAGetNotFoundAMiss() {
    send(Command.GET, "user:1");
    reply(bytes("alice"));
    send(Command.GET, "user:404");
    reply(null);

    assertThat(operations("GET", "hit")).isEqualTo(1);
    assertThat(operations("GET", "miss")).isEqualTo(1);
    assertThat(count("GET")).isEqualTo(2);
    assertThat(jedis.state(connection).pendingCount()).isZero();
  }

  @Test
  void jedis3CommandsComeAsTheCommandAndItsByteArrays() {
    Object old = new Connection3();
    jedis.commandSent(old, old, Command.SET, new byte[][] {bytes("k"), bytes("v")});
    jedis.replyReceived(old, bytes("OK"), null);
    jedis.commandSent(old, old, Command.MGET, new byte[][] {bytes("a"), bytes("b"), bytes("c")});
    jedis.replyReceived(old, Arrays.asList(bytes("1"), null, bytes("3")), null);

    assertThat(operations("SET", "ok")).isEqualTo(1);
    assertThat(operations("MGET", "hit")).isEqualTo(2);
    assertThat(operations("MGET", "miss")).isEqualTo(1);
    assertThat(jedis.state(old).host).isEqualTo("old.local");
    assertThat(jedis.state(old).port).isEqualTo(6379);
  }

  @Test
  void aPipelineEndsEachCommandWithItsOwnReplyInOrder() {
    send(Command.SET, "a", "1");
    send(Command.GET, "a");
    send(Command.GET, "missing");
    assertThat(jedis.state(connection).pendingCount()).isEqualTo(3);

    reply(bytes("OK"));
    reply(bytes("1"));
    reply(null);

    assertThat(operations("SET", "ok")).isEqualTo(1);
    assertThat(operations("GET", "hit")).isEqualTo(1);
    assertThat(operations("GET", "miss")).isEqualTo(1);
    assertThat(jedis.state(connection).pendingCount()).isZero();
  }

  @Test
  void anErrorReplyEndsOnlyItsCommand() {
    send(Command.INCR, "name");
    send(Command.GET, "name");
    jedis.replyReceived(connection, null,
        new JedisDataException("ERR value is not an integer or out of range"));
    reply(bytes("alice"));

    assertThat(operations("INCR", "error")).isEqualTo(1);
    assertThat(errors(JedisDataException.class.getName())).isEqualTo(1);
    assertThat(operations("GET", "hit")).isEqualTo(1);
  }

  @Test
  void aBrokenConnectionEndsEveryWaitingCommandWithTheError() {
    send(Command.SET, "a", "1");
    send(Command.GET, "a");
    send(Command.GET, "b");
    jedis.replyReceived(connection, null,
        new JedisConnectionException("Unexpected end of stream."));

    assertThat(operations("SET", "error")).isEqualTo(1);
    assertThat(operations("GET", "error")).isEqualTo(2);
    assertThat(errors(JedisConnectionException.class.getName())).isEqualTo(3);
    assertThat(jedis.state(connection).pendingCount()).isZero();

    // A late reply finds nothing to end.
    reply(bytes("x"));
    assertThat(operations("GET", "hit")).isZero();
  }

  @Test
  void selectMovesTheConnectionToItsDatabaseAndARefusedSelectDoesNot() {
    Span request = tracer.spanBuilder("GET /").startSpan();
    try (Scope ignored = request.makeCurrent()) {
      send(Command.SELECT, "3");
      reply(bytes("OK"));
      send(Command.GET, "k");
      reply(null);
      send(Command.SELECT, "99");
      jedis.replyReceived(connection, null,
          new JedisDataException("ERR DB index is out of range"));
      send(Command.GET, "k");
      reply(bytes("v"));
    } finally {
      request.end();
    }
    assertThat(jedis.state(connection).database()).isEqualTo(3);
    List<SpanData> gets = spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals("GET") && s.getKind() == SpanKind.CLIENT)
        .toList();
    assertThat(gets).hasSize(2);
    for (SpanData get : gets) {
      assertThat(get.getAttributes().get(AttributeKey.stringKey("db.namespace"))).isEqualTo("3");
      assertThat(get.getAttributes().get(AttributeKey.stringKey("server.address")))
          .isEqualTo("cache.local");
      assertThat(get.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo(6390);
      assertThat(get.getAttributes().get(AttributeKey.stringKey("db.query.text")))
          .isEqualTo("GET k");
    }
  }

  @Test
  void queuedCommandsEndWithTheirElementOfExecsReply() {
    send(Command.MULTI);
    send(Command.SET, "a", "1");
    send(Command.GET, "a");
    send(Command.GET, "b");
    send(Command.EXEC);
    reply(bytes("OK"));
    reply(bytes("QUEUED"));
    reply(bytes("QUEUED"));
    reply(bytes("QUEUED"));
    assertThat(operations("GET", "hit")).isZero();

    reply(Arrays.asList(bytes("OK"), bytes("1"), null));

    assertThat(operations("MULTI", "ok")).isEqualTo(1);
    assertThat(operations("SET", "ok")).isEqualTo(1);
    assertThat(operations("GET", "hit")).isEqualTo(1);
    assertThat(operations("GET", "miss")).isEqualTo(1);
    assertThat(operations("EXEC", "ok")).isEqualTo(1);
    assertThat(jedis.state(connection).pendingCount()).isZero();
  }

  @Test
  void anErrorInsideExecsReplyIsThatCommandsError() {
    send(Command.MULTI);
    send(Command.INCR, "name");
    send(Command.EXEC);
    reply(bytes("OK"));
    reply(bytes("QUEUED"));
    reply(Arrays.asList(new JedisDataException("ERR value is not an integer")));

    assertThat(operations("INCR", "error")).isEqualTo(1);
    assertThat(operations("EXEC", "ok")).isEqualTo(1);
  }

  @Test
  void aDiscardedOrAbortedTransactionRecordsNoQueuedCommand() {
    send(Command.MULTI);
    send(Command.GET, "a");
    send(Command.DISCARD);
    reply(bytes("OK"));
    reply(bytes("QUEUED"));
    reply(bytes("OK"));

    send(Command.MULTI);
    send(Command.GET, "a");
    send(Command.EXEC);
    reply(bytes("OK"));
    reply(bytes("QUEUED"));
    reply(null); // a WATCHed key changed

    assertThat(operations("GET", "hit") + operations("GET", "miss")).isZero();
    assertThat(operations("DISCARD", "ok")).isEqualTo(1);
    assertThat(operations("EXEC", "ok")).isEqualTo(1);
    // And the connection goes on pairing replies correctly.
    send(Command.GET, "a");
    reply(bytes("1"));
    assertThat(operations("GET", "hit")).isEqualTo(1);
  }

  @Test
  void anExecRefusedEndsTheQueuedCommandsWithItsError() {
    send(Command.MULTI);
    send(Command.GET, "a");
    send(Command.EXEC);
    reply(bytes("OK"));
    reply(bytes("QUEUED"));
    jedis.replyReceived(connection, null,
        new JedisDataException("EXECABORT Transaction discarded"));

    assertThat(operations("GET", "error")).isEqualTo(1);
    assertThat(operations("EXEC", "error")).isEqualTo(1);
  }

  @Test
  void aClosedConnectionForgetsWhatWaitedAndStartsAgainInDatabaseZero() {
    send(Command.SELECT, "2");
    reply(bytes("OK"));
    send(Command.GET, "a");
    jedis.replyReceived(connection, connection, null);

    assertThat(jedis.state(connection)).isNull();
    send(Command.GET, "a");
    reply(null);
    assertThat(operations("GET", "miss")).isEqualTo(1);
    assertThat(operations("GET", "hit")).isZero();
    assertThat(jedis.state(connection).database()).isZero();
  }

  @Test
  void repliesNobodyAskedForAreIgnored() {
    reply(bytes("message"));
    send(Command.GET, "a");
    reply(bytes("1"));
    reply(Arrays.asList(bytes("message"), bytes("news"), bytes("hello")));

    assertThat(operations("GET", "hit")).isEqualTo(1);
    assertThat(count("GET")).isEqualTo(1);
  }

  @Test
  void onlyTheKeyIsReadFromTheArgumentsAndNothingFromAuth() {
    CommandArguments set = new CommandArguments(Command.SET).key("user:1").add("secret-value")
        .add(Keyword.EX).add(10);
    var all = set.iterator();
    all.next();
    Object[] args = JedisObjects.arguments(set, all, false, false);
    assertThat(args).hasSize(4);
    assertThat((byte[]) args[0]).isEqualTo(bytes("user:1"));
    assertThat(args[1]).isSameAs(JedisObjects.NOT_CAPTURED);

    CommandArguments auth = new CommandArguments(Command.AUTH).add("admin").add("hunter2");
    all = auth.iterator();
    all.next();
    assertThat(JedisObjects.arguments(auth, all, true, true))
        .containsOnly(JedisObjects.NOT_CAPTURED);
  }

  @Test
  void commandNamesComeFromTheRawBytes() {
    assertThat(JedisObjects.commandName(Command.GET)).isEqualTo("GET");
    assertThat(JedisObjects.commandName(
        (redis.clients.jedis.commands.ProtocolCommand) () -> bytes("ft.search")))
        .isEqualTo("FT.SEARCH");
  }

  @Test
  void onlyDataExceptionsAreErrorReplies() {
    assertThat(JedisObjects.isDataError(new JedisDataException("ERR"))).isTrue();
    assertThat(JedisObjects.isDataError(
        new redis.clients.jedis.exceptions.JedisMovedDataException("MOVED", null, 1))).isTrue();
    assertThat(JedisObjects.isDataError(new JedisConnectionException("EOF"))).isFalse();
    assertThat(JedisObjects.isDataError(new ClassCastException())).isFalse();
  }

  @Test
  void aFailedSendEndsTheWaitingCommandsAndItself() {
    send(Command.GET, "a");
    send(Command.GET, "b");
    jedis.replyReceived(connection, null, new JedisConnectionException("Broken pipe"));

    assertThat(operations("GET", "error")).isEqualTo(2);
    assertThat(jedis.state(connection).pendingCount()).isZero();
  }

  @Test
  void aCommandUnderASpanIsAClientSpanWithTheErrorRecorded() {
    Span request = tracer.spanBuilder("GET /").startSpan();
    try (Scope ignored = request.makeCurrent()) {
      send(Command.INCR, "name");
      jedis.replyReceived(connection, null, new JedisDataException("ERR not an integer"));
    } finally {
      request.end();
    }
    SpanData incr = spans.getFinishedSpanItems().get(0);
    assertThat(incr.getName()).isEqualTo("INCR");
    assertThat(incr.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(incr.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
  }
}

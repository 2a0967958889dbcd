package dev.sonde.instrumentation.api.redis;

import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.health.Dependencies;
import dev.sonde.instrumentation.api.health.DependencyWindow;
import dev.sonde.instrumentation.api.metrics.BoundedSeries;
import dev.sonde.instrumentation.api.metrics.DurationHistogram;
import dev.sonde.instrumentation.api.metrics.ErrorsMetric;
import dev.sonde.instrumentation.api.metrics.Metrics;
import dev.sonde.instrumentation.api.metrics.StripedCounter;
import dev.sonde.instrumentation.api.trace.BoxedLongs;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns Redis commands, as each client's recorder normalizes them, into a CLIENT span named after
 * the command (stable OpenTelemetry database conventions), {@code cache_operations_total},
 * {@code cache_hit_ratio}, {@code redis_command_duration_seconds} and {@code errors_total}, and
 * the Redis server's {@link DependencyWindow} for the health checks. One instance serves every
 * Redis client instrumentation.
 *
 * <p>A span is made only under a current span: a command with no trace around it (a background
 * refresh, a health check) is measured, not traced. The span is not made current; it ends on
 * whatever thread the reply arrives.
 */
public final class RedisCommandRecorder {

  static final String COMPONENT = "redis";
  /** {@code sonde.instrumentation.redis.capture-args}: argument values in {@code db.query.text}. */
  public static final String CAPTURE_ARGS = "sonde.instrumentation.redis.capture-args";

  private static final AttributeKey<String> SYSTEM_NAME = AttributeKey.stringKey("db.system.name");
  private static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("db.namespace");
  private static final AttributeKey<String> QUERY_TEXT = AttributeKey.stringKey("db.query.text");
  private static final AttributeKey<String> OPERATION =
      AttributeKey.stringKey("db.operation.name");
  private static final AttributeKey<String> SERVER_ADDRESS =
      AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private static final String[] DATABASE_NAMES = new String[16];

  static {
    for (int i = 0; i < DATABASE_NAMES.length; i++) {
      DATABASE_NAMES[i] = Integer.toString(i);
    }
  }

  private final Tracer tracer;
  private final RedisQueryText queryText;
  private final BoundedSeries<StripedCounter.Child> operations;
  private final BoundedSeries<DurationHistogram.Child> durations;
  private final HitRatioWindow hitRatio = new HitRatioWindow();
  private final ErrorsMetric errors;
  private final Dependencies dependencies;

  /** The one recorder of {@code telemetry}, shared by Jedis and Lettuce. */
  public static RedisCommandRecorder of(final Telemetry telemetry) {
    return telemetry.metrics().shared("redis-command-recorder",
        new Metrics.Factory<RedisCommandRecorder>() {
          @Override
          public RedisCommandRecorder create(Metrics metrics) {
            return new RedisCommandRecorder(telemetry.tracer(), metrics,
                telemetry.config().getBoolean(CAPTURE_ARGS, false), telemetry.dependencies());
          }
        });
  }

  RedisCommandRecorder(Tracer tracer, Metrics metrics, boolean captureArgs,
      Dependencies dependencies) {
    this.tracer = tracer;
    this.dependencies = dependencies;
    this.queryText = new RedisQueryText(captureArgs);
    this.operations = metrics.register(StripedCounter.build("cache_operations_total",
            "Redis commands by command and result: hit or miss for reads, ok or error otherwise.")
        .labelNames("operation", "result").create(), "cache_operations_total", 2);
    this.durations = metrics.register(DurationHistogram.build("redis_command_duration_seconds",
            "Redis commands from being sent to their reply, by command.")
        .labelNames("command").buckets(metrics.durationBuckets()).create(),
        "redis_command_duration_seconds", 1);
    metrics.register(hitRatio);
    this.errors = metrics.errors();
  }

  /**
   * The window of the server at {@code host:port} (null host: unknown), for a client's recorder
   * to look up once per connection and pass to {@link #start}.
   */
  public DependencyWindow endpoint(String host, int port) {
    return dependencies.endpoint(Dependencies.REDIS,
        host == null ? null : port > 0 ? host + ':' + port : host);
  }

  /**
   * A command is sent, on the application's thread.
   *
   * @param command the command name, any case ({@code get}, {@code GET})
   * @param args the arguments after the name: {@code byte[]}, {@code String}, numbers or other
   *     values (their {@code toString}); may be null. Read only when the span is recorded, and
   *     for the key count of multi-key reads.
   * @param host the server's host, or null; @param port -1 when unknown
   * @param database the database index, or -1 when unknown
   * @param endpoint the server's window, from {@link #endpoint}
   */
  public RedisCall start(String command, Object[] args, String host, int port, long database,
      DependencyWindow endpoint) {
    long startNanos = System.nanoTime();
    String name = RedisCommandNames.canonical(command);
    Span span = null;
    Context parent = Context.current();
    if (Span.fromContext(parent).getSpanContext().isValid()) {
      span = tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.CLIENT).startSpan();
      if (span.isRecording()) {
        span.setAttribute(SYSTEM_NAME, "redis");
        span.setAttribute(OPERATION, name);
        span.setAttribute(QUERY_TEXT, queryText.of(name, args));
        if (database >= 0) {
          span.setAttribute(NAMESPACE, databaseName(database));
        }
        if (host != null) {
          span.setAttribute(SERVER_ADDRESS, host);
          if (port > 0) {
            span.setAttribute(SERVER_PORT, BoxedLongs.of(port));
          }
        }
      }
    }
    int keyCount = args == null ? 0 : args.length;
    return span == null ? new RedisCall(name, keyCount, startNanos, endpoint)
        : new RedisCall.Traced(name, keyCount, startNanos, endpoint, span);
  }

  /**
   * The command's reply arrived, on whatever thread: a plain Java value (see {@link RedisReads})
   * or the throwable that ended the command.
   */
  public void end(RedisCall call, Object reply, Throwable error) {
    long now = System.nanoTime();
    long nanos = now - call.startNanos;
    durations.get(call.command).observeNanos(nanos);
    // A command the server refused (a wrong type, a bad argument) does not count against it.
    call.endpoint.record(now, nanos, error != null && !RedisRefusals.isCommandError(error));
    RedisReads.Kind read = error == null ? RedisReads.kindOf(call.command) : null;
    if (read != null && reply == UNKNOWN_REPLY) {
      // Neither a hit nor a miss can be told: the read is timed and traced, not counted.
    } else if (read != null) {
      int hits = RedisReads.hits(read, reply);
      int misses = Math.max(0, RedisReads.asked(read, call.keyCount, reply) - hits);
      if (hits > 0) {
        operations.get(call.command, "hit").inc(hits);
      }
      if (misses > 0) {
        operations.get(call.command, "miss").inc(misses);
      }
      hitRatio.record(now, hits, misses);
    } else {
      operations.get(call.command, error == null ? "ok" : "error").inc();
      if (error != null) {
        errors.record(error, COMPONENT);
      }
    }
    Span span = call.span();
    if (span != null) {
      if (error != null && span.isRecording()) {
        span.recordException(error);
        span.setAttribute(ERROR_TYPE, error.getClass().getName());
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
    }
  }

  /**
   * A reply the client did not keep (Lettuce streams a reactive command's elements to its
   * subscriber as they arrive): {@link #end} times and traces the command, and a read counts
   * neither a hit nor a miss instead of a wrong one.
   */
  public static final Object UNKNOWN_REPLY = new Object() {
    @Override
    public String toString() {
      return "unknown reply";
    }
  };

  /** A byte[] argument as text (UTF-8), for recorders that normalize client objects. */
  public static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Upper case without the locale trap (Turkish dotless i). */
  static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }

  /** {@code db.namespace}: Redis's 16 default databases named once, others per span. */
  private static String databaseName(long database) {
    return database < DATABASE_NAMES.length ? DATABASE_NAMES[(int) database]
        : Long.toString(database);
  }
}

package dev.sonde.instrumentation.lettuce;

import dev.sonde.bootstrap.RedisHook;
import dev.sonde.instrumentation.api.cache.WeakKeyMap;
import dev.sonde.instrumentation.api.health.DependencyWindow;
import dev.sonde.instrumentation.api.redis.RedisCall;
import dev.sonde.instrumentation.api.redis.RedisCommandRecorder;
import io.opentelemetry.api.trace.Span;
import java.net.InetSocketAddress;

/**
 * Lettuce's side of the Redis hook. A command is recorded when it is dispatched (on the
 * application's thread, so the current span is its parent) and remembered against the command
 * object until Lettuce completes that object, on an I/O thread, with the reply, an error, or a
 * cancel.
 *
 * <p>Lettuce wraps commands in layers (the async API's future, transaction, tracing, cluster
 * and listener wrappers) and completes the outermost, which completes the next one inwards: every
 * layer reports, and only the one remembered at dispatch ends the call, once, as its entry is
 * removed. A command that is never completed (its connection dropped) leaves an entry keyed by a
 * weak reference, gone with the command.
 */
final class LettuceRecorder implements RedisHook {

  /** Commands in flight at once (pipelines included); beyond, new ones are not recorded. */
  static final int MAX_IN_FLIGHT = 65_536;
  /** Connections whose server is remembered; beyond, it is looked up on every command. */
  static final int MAX_CONNECTIONS = 20_000;

  private final RedisCommandRecorder redis;
  private final WeakKeyMap<Object, RedisCall> inFlight;
  /** Each connection's server window, once the connection was seen connected. */
  private final WeakKeyMap<Object, DependencyWindow> endpoints =
      new WeakKeyMap<Object, DependencyWindow>(MAX_CONNECTIONS);
  /** Arguments decoded for a sampled span: all of them with capture-args, else only the key. */
  private final int decodedArgs;

  LettuceRecorder(RedisCommandRecorder redis, boolean captureArgs, int maxInFlight) {
    this.redis = redis;
    this.inFlight = new WeakKeyMap<Object, RedisCall>(maxInFlight);
    this.decodedArgs = captureArgs ? LettuceAccess.MAX_ARGS : 1;
  }

  /**
   * @param owner the command passed to {@code dispatch}
   * @param connection the {@code RedisChannelHandler}
   * @param command the command's {@code ProtocolKeyword} (its {@code toString} is the name)
   * @param args its {@code CommandArgs}, or null
   */
  @Override
  public void commandSent(Object owner, Object connection, Object command, Object args) {
    // No size pre-check: put() is where collected entries are purged, so it must keep running.
    if (owner == null) {
      return;
    }
    Object key = LettuceAccess.owner(owner);
    if (inFlight.get(key) != null) {
      // Dispatched again (a retry through the connection): the first dispatch is still timed.
      return;
    }
    String name = command == null ? null : command.toString();
    Object[] arguments;
    String host = null;
    int port = -1;
    long database = -1;
    if (Span.current().getSpanContext().isSampled()) {
      // Read only what a recorded span shows: the metrics need the argument count alone.
      arguments = LettuceAccess.arguments(args, decodedArgs);
      InetSocketAddress server = LettuceAccess.server(connection);
      if (server != null) {
        host = server.getHostString();
        port = server.getPort();
      }
      database = LettuceAccess.database(connection);
    } else {
      arguments = LettuceAccess.placeholders(LettuceAccess.argumentCount(args));
    }
    RedisCall call = redis.start(name, arguments, host, port, database, endpoint(connection));
    if (!inFlight.put(key, call)) {
      // Full after all (a race with other threads): finish now rather than leave a span open.
      redis.end(call, RedisCommandRecorder.UNKNOWN_REPLY, null);
    }
  }

  /** The window of the server {@code connection} talks to. */
  private DependencyWindow endpoint(Object connection) {
    DependencyWindow endpoint = endpoints.get(connection);
    if (endpoint != null) {
      return endpoint;
    }
    InetSocketAddress server = LettuceAccess.server(connection);
    if (server == null) {
      // Not connected (yet, or at the moment): asked again on the next command.
      return redis.endpoint(null, -1);
    }
    endpoint = redis.endpoint(server.getHostString(), server.getPort());
    endpoints.put(connection, endpoint);
    return endpoint;
  }

  /**
   * @param owner any layer of a command being completed
   * @param reply its {@code CommandOutput} (from {@code complete()}), or null
   * @param error what {@code completeExceptionally}/{@code cancel} ended it with, or null
   */
  @Override
  public void replyReceived(Object owner, Object reply, Throwable error) {
    RedisCall call = inFlight.remove(owner);
    if (call == null) {
      return;
    }
    Object value = null;
    if (error == null) {
      String message = LettuceAccess.error(reply);
      if (message != null) {
        error = LettuceAccess.errorReply(reply, message);
      } else {
        value = LettuceAccess.reply(reply);
        if (value == LettuceAccess.STREAMED) {
          value = RedisCommandRecorder.UNKNOWN_REPLY;
        }
      }
    }
    redis.end(call, value, error);
  }

  /** Commands dispatched and not yet completed (for tests). */
  int inFlight() {
    return inFlight.size();
  }
}

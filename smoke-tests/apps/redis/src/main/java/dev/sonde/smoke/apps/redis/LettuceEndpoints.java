package dev.sonde.smoke.apps.redis;

import dev.sonde.smoke.apps.redis.Main.Reply;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The Lettuce 7 side of the app: one connection shared by every request, as Lettuce intends,
 * authenticated with the password. A command times out after one second; a lost connection is
 * reconnected every 200 ms (commands sent meanwhile wait in Lettuce's buffer).
 */
final class LettuceEndpoints implements AutoCloseable {

  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

  private final ClientResources resources;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> sync;
  private final RedisAsyncCommands<String, String> async;
  private final RedisReactiveCommands<String, String> reactive;

  LettuceEndpoints(String host, int port, String password) {
    this.resources = ClientResources.builder()
        .reconnectDelay(Delay.constant(Duration.ofMillis(200)))
        .build();
    RedisURI uri = RedisURI.Builder.redis(host, port)
        .withPassword(password.toCharArray())
        .withTimeout(COMMAND_TIMEOUT)
        .build();
    this.client = RedisClient.create(resources, uri);
    this.connection = client.connect();
    this.sync = connection.sync();
    this.async = connection.async();
    this.reactive = connection.reactive();
  }

  String ping() {
    return sync.ping();
  }

  Reply syncGet(String key) {
    try {
      return Reply.ok(Main.pair(key, sync.get(key)));
    } catch (RedisException e) {
      return Reply.failed(e);
    }
  }

  /** The future completes on Lettuce's I/O thread; the handler's thread waits for it. */
  Reply asyncGet(String key) {
    RedisFuture<String> future = async.get(key);
    try {
      return Reply.ok(Main.pair(key, future.get(5, TimeUnit.SECONDS)));
    } catch (ExecutionException e) {
      return Reply.failed(e.getCause() instanceof Exception cause ? cause : e);
    } catch (TimeoutException e) {
      return Reply.failed(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Reply.failed(e);
    }
  }

  Reply reactiveGet(String key) {
    try {
      return Reply.ok(reactive.get(key)
          .map(value -> Main.pair(key, value))
          .defaultIfEmpty(Main.pair(key, null))
          .block(Duration.ofSeconds(5)));
    } catch (RedisException e) {
      return Reply.failed(e);
    }
  }

  Reply mget(String[] keys) {
    try {
      List<String> values = sync.mget(keys).stream()
          .map(kv -> kv.getValueOrElse(null))
          .collect(Collectors.toList());
      return Reply.ok(Main.pairs(keys, values));
    } catch (RedisException e) {
      return Reply.failed(e);
    }
  }

  /** A GET from a thread of its own, started plainly: nothing of the request goes with it. */
  Reply getOnANewThread(String key) {
    AtomicReference<Reply> reply = new AtomicReference<>();
    Thread thread = new Thread(() -> reply.set(syncGet(key)), "plain-thread");
    thread.start();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Reply.failed(e);
    }
    Reply done = reply.get();
    return done != null ? done : new Reply(500, "the thread did not finish");
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
    resources.shutdown();
  }
}

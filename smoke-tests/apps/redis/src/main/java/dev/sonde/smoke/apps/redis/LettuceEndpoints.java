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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

  private final BlockingQueue<NoContextGet> noContextGets = new LinkedBlockingQueue<>();
  private final Thread noContextThread;

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
    this.noContextThread = new Thread(this::serveNoContextGets, "no-context-thread");
    noContextThread.setDaemon(true);
    noContextThread.start();
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

  /**
   * A GET from a thread no request ever touched: started with the endpoints, before any request,
   * and handed keys through a plain queue, so no trace context can reach it.
   */
  Reply getOnAThreadNoRequestTouched(String key) {
    CompletableFuture<Reply> reply = new CompletableFuture<>();
    noContextGets.add(new NoContextGet(key, reply));
    try {
      return reply.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Reply.failed(e);
    } catch (ExecutionException | TimeoutException e) {
      return new Reply(500, "the thread did not finish: " + e);
    }
  }

  private void serveNoContextGets() {
    while (true) {
      try {
        NoContextGet get = noContextGets.take();
        get.reply.complete(syncGet(get.key));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** A key for the thread no request touched, and where its reply goes. */
  private record NoContextGet(String key, CompletableFuture<Reply> reply) {}

  @Override
  public void close() {
    noContextThread.interrupt();
    connection.close();
    client.shutdown();
    resources.shutdown();
  }
}

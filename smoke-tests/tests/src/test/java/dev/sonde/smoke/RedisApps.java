package dev.sonde.smoke;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.App;
import dev.sonde.smoke.harness.RedisServer;

/**
 * The Redis server the redis apps talk to: it requires a password, which the clients send
 * (Jedis with {@code AUTH}, Lettuce in its {@code HELLO}) and no telemetry may ever carry.
 */
final class RedisApps {

  static final String PASSWORD = "Rd-4c8e1b-not-for-telemetry";

  private RedisApps() {}

  /** A fresh, empty redis-server that requires {@link #PASSWORD}. */
  static RedisServer startServer() {
    return RedisServer.start(PASSWORD);
  }

  /** {@code app} (redis or redis-jedis3) pointed at {@code redis}. */
  static AgentApp.Builder app(App app, RedisServer redis) {
    return AgentApp.of(app)
        .systemProperty("app.redis.host", redis.host())
        .systemProperty("app.redis.port", String.valueOf(redis.port()))
        .systemProperty("app.redis.password", redis.password());
  }
}

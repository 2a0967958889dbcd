package dev.sonde.e2e.harness;

import dev.sonde.smoke.harness.PostgresServer;
import dev.sonde.smoke.harness.RabbitMqServer;
import dev.sonde.smoke.harness.RedisServer;
import java.util.List;

/**
 * The real servers the service talks to, started from the Debian packages on 127.0.0.1 by the
 * smoke tests' throwaway-server classes (smoke-tests/servers), and the data the service expects:
 * PostgreSQL with {@code items} (the seeded rows) and {@code orders}, Redis with {@code item:<id>}
 * for every item, RabbitMQ's default virtual host (the service declares its queue).
 */
final class Backends implements AutoCloseable {

  static final int ITEMS = 1000;
  private static final String DATABASE = "shop";
  private static final String USER = "shop";
  private static final String PASSWORD = "shop-password";
  private static final String REDIS_PASSWORD = "e2e-redis-password";

  private final PostgresServer postgres;
  private final RedisServer redis;
  private final RabbitMqServer rabbitMq;

  private Backends(PostgresServer postgres, RedisServer redis, RabbitMqServer rabbitMq) {
    this.postgres = postgres;
    this.redis = redis;
    this.rabbitMq = rabbitMq;
  }

  /** Starts the three servers and seeds them; stops what it started when one fails. */
  static Backends start() {
    PostgresServer postgres = PostgresServer.start();
    RedisServer redis = null;
    RabbitMqServer rabbitMq = null;
    try {
      redis = RedisServer.start(REDIS_PASSWORD);
      rabbitMq = RabbitMqServer.start();
      Backends backends = new Backends(postgres, redis, rabbitMq);
      backends.seed();
      return backends;
    } catch (RuntimeException e) {
      for (AutoCloseable started : new AutoCloseable[] {rabbitMq, redis, postgres}) {
        try {
          if (started != null) {
            started.close();
          }
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private void seed() {
    postgres.createDatabase(DATABASE, USER, PASSWORD);
    postgres.psql(DATABASE, "CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL,"
        + " price numeric(10,2) NOT NULL);"
        + " " + ordersTable("orders")
        + " INSERT INTO items SELECT i, 'item ' || i, (i % 97) + 0.99"
        + " FROM generate_series(1, " + ITEMS + ") AS i;"
        + " ALTER TABLE items OWNER TO " + USER + ";");
    // VACUUM runs alone: psql sends several statements as one transaction, and VACUUM refuses one.
    postgres.psql(DATABASE, "VACUUM ANALYZE items");
    String loaded = redis.cli("EVAL", "for i = 1, tonumber(ARGV[1]) do"
        + " redis.call('SET', 'item:' .. i, 'item ' .. i) end return tonumber(ARGV[1])", "0",
        String.valueOf(ITEMS));
    if (!loaded.equals(String.valueOf(ITEMS))) {
      throw new IllegalStateException("seeding Redis answered " + loaded);
    }
  }

  /**
   * A further orders table, with its own id sequence, for one of the services the interleaved
   * harness runs at once ({@code -Dapp.orders.table}).
   */
  void createOrdersTable(String name) {
    postgres.psql(DATABASE, ordersTable(name));
  }

  private static String ordersTable(String name) {
    return "CREATE TABLE " + name + " (id bigserial PRIMARY KEY, item_id integer NOT NULL,"
        + " quantity integer NOT NULL, created_at timestamptz NOT NULL DEFAULT now());"
        + " ALTER TABLE " + name + " OWNER TO " + USER + ";";
  }

  /** Between two runs: the orders of the last one go, so each run inserts into the same table. */
  void reset() {
    postgres.psql(DATABASE, "TRUNCATE orders");
  }

  /** The service's settings ({@code -Dapp.*}) for these servers. */
  List<String> appProperties() {
    return List.of(
        "-Dapp.jdbc.url=" + postgres.jdbcUrl(DATABASE),
        "-Dapp.jdbc.user=" + USER,
        "-Dapp.jdbc.password=" + PASSWORD,
        "-Dapp.redis.port=" + redis.port(),
        "-Dapp.redis.password=" + REDIS_PASSWORD,
        "-Dapp.amqp.port=" + rabbitMq.port());
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (AutoCloseable server : List.<AutoCloseable>of(rabbitMq, redis, postgres)) {
      try {
        server.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("stopping the servers", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}

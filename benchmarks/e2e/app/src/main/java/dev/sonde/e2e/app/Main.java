package dev.sonde.e2e.app;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.File;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * The service the end-to-end harness puts under load: an ordinary embedded Tomcat 9 application,
 * written as if no agent existed.
 *
 * <pre>
 *   GET  /plain        a page computed in memory
 *   GET  /items/{id}   SELECT of one row (HikariCP, PostgreSQL)
 *   GET  /cache/{key}  Redis GET (Jedis pool)
 *   POST /orders?item= INSERT of an order, then a RabbitMQ publish; a consumer in this app takes it
 * </pre>
 *
 * Every request logs one line through Logback (to {@code -Dapp.log.file}), and so does every order
 * the consumer takes. The schema and the cached values are the harness's: it seeds them before
 * the app starts. Everything is connected before Tomcat opens its port, so the first 200 means the
 * whole service is up.
 *
 * <p>Settings, all system properties: {@code app.port}, {@code app.log.file}, {@code app.jdbc.url},
 * {@code app.jdbc.user}, {@code app.jdbc.password}, {@code app.redis.port},
 * {@code app.redis.password}, {@code app.amqp.port} (servers on 127.0.0.1); optional
 * {@code app.orders.table} and {@code app.orders.queue} (both {@code orders} by default) and
 * {@code app.cost.micros} ({@link InjectedCost}).
 *
 * <p>One line {@code allocated} on stdin makes the app print {@code allocated <bytes>}: what its
 * threads have allocated so far ({@link AllocationCounter}); the harness reads it around a phase.
 */
public final class Main {

  static final String HOST = "127.0.0.1";
  /** Own queue and table per service when several share the servers (the interleaved harness). */
  static final String ORDERS_QUEUE = System.getProperty("app.orders.queue", "orders");
  static final String ORDERS_TABLE = System.getProperty("app.orders.table", "orders");
  /** Connections of each pool: more than the load's concurrency, so nobody waits for one. */
  private static final int POOL_SIZE = 16;
  /** Tomcat logs through java.util.logging to stderr; keep it to warnings (a strong reference). */
  private static final java.util.logging.Logger TOMCAT_LOG =
      java.util.logging.Logger.getLogger("org.apache");

  private Main() {}

  public static void main(String[] args) throws Exception {
    TOMCAT_LOG.setLevel(java.util.logging.Level.WARNING);
    new AllocationCounter().answerOnStdin();

    HikariConfig dbConfig = new HikariConfig();
    dbConfig.setJdbcUrl(required("app.jdbc.url"));
    dbConfig.setUsername(required("app.jdbc.user"));
    dbConfig.setPassword(required("app.jdbc.password"));
    dbConfig.setMaximumPoolSize(POOL_SIZE);
    HikariDataSource database = new HikariDataSource(dbConfig);

    GenericObjectPoolConfig<Jedis> redisPoolConfig = new GenericObjectPoolConfig<>();
    redisPoolConfig.setMaxTotal(POOL_SIZE);
    redisPoolConfig.setMaxIdle(POOL_SIZE);
    // RESP2, said explicitly: Jedis (not its newer RedisClient) warns that it cannot negotiate RESP3.
    JedisPool redis = new JedisPool(redisPoolConfig,
        new HostAndPort(HOST, Integer.parseInt(required("app.redis.port"))),
        DefaultJedisClientConfig.builder().password(required("app.redis.password"))
            .timeoutMillis(5000).autoNegotiateProtocol(false).build());

    ConnectionFactory amqp = new ConnectionFactory();
    amqp.setHost(HOST);
    amqp.setPort(Integer.parseInt(required("app.amqp.port")));
    Connection broker = amqp.newConnection("e2e-app");
    Channel consuming = broker.createChannel();
    consuming.queueDeclare(ORDERS_QUEUE, false, false, false, null);
    consuming.basicQos(100);
    consuming.basicConsume(ORDERS_QUEUE, false, new OrderConsumer(consuming));
    ChannelPool publishing = new ChannelPool(broker, POOL_SIZE);

    File baseDir = Files.createTempDirectory("e2e-app-tomcat").toFile();
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.getAbsolutePath());
    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(Integer.parseInt(required("app.port")));
    connector.setProperty("address", HOST);
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", baseDir.getAbsolutePath());
    Tomcat.addServlet(context, "plain", new PlainServlet());
    context.addServletMappingDecoded("/plain", "plain");
    Tomcat.addServlet(context, "items", new ItemServlet(database));
    context.addServletMappingDecoded("/items/*", "items");
    Tomcat.addServlet(context, "cache", new CacheServlet(redis));
    context.addServletMappingDecoded("/cache/*", "cache");
    Tomcat.addServlet(context, "orders", new OrderServlet(database, publishing));
    context.addServletMappingDecoded("/orders", "orders");
    tomcat.start();

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        tomcat.stop();
        tomcat.destroy();
        broker.close();
        redis.close();
        database.close();
      } catch (Exception ignored) {
        // the JVM is going away
      }
    }, "e2e-app-shutdown"));
    tomcat.getServer().await();
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("-D" + property + " is required");
    }
    return value;
  }
}

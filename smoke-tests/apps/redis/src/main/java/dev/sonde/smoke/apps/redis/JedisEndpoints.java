package dev.sonde.smoke.apps.redis;

import dev.sonde.smoke.apps.redis.Main.Reply;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The Jedis 8 side of the app: a {@link JedisPool} of at most four connections, authenticated with
 * the password, default pool settings otherwise (no idle testing, no evictor).
 */
final class JedisEndpoints implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JedisEndpoints.class);

  private final HostAndPort server;
  private final JedisClientConfig config;
  private final JedisPool pool;

  JedisEndpoints(String host, int port, String password) {
    this.server = new HostAndPort(host, port);
    // RESP2, said explicitly: Jedis (not its newer RedisClient) warns that it cannot negotiate RESP3.
    this.config = DefaultJedisClientConfig.builder().password(password).timeoutMillis(2000)
        .autoNegotiateProtocol(false).build();
    GenericObjectPoolConfig<Jedis> poolConfig = new GenericObjectPoolConfig<>();
    poolConfig.setMaxTotal(4);
    this.pool = new JedisPool(poolConfig, server, config);
  }

  String ping() {
    try (Jedis jedis = pool.getResource()) {
      return jedis.ping();
    }
  }

  Reply get(String key) {
    try (Jedis jedis = pool.getResource()) {
      return Reply.ok(Main.pair(key, jedis.get(key)));
    } catch (JedisException e) {
      return Reply.failed(e);
    }
  }

  Reply mget(String[] keys) {
    try (Jedis jedis = pool.getResource()) {
      return Reply.ok(Main.pairs(keys, jedis.mget(keys)));
    } catch (JedisException e) {
      return Reply.failed(e);
    }
  }

  Reply set(String key, String value) {
    try (Jedis jedis = pool.getResource()) {
      return Reply.ok(jedis.set(key, value));
    } catch (JedisException e) {
      return Reply.failed(e);
    }
  }

  /** SET, GET and DEL of {@code key} in one pipeline: three commands, one round trip. */
  Reply pipeline(String key) {
    try (Jedis jedis = pool.getResource(); Pipeline pipeline = jedis.pipelined()) {
      Response<String> set = pipeline.set(key, "piped");
      Response<String> get = pipeline.get(key);
      Response<Long> del = pipeline.del(key);
      pipeline.sync();
      return Reply.ok(set.get() + "," + get.get() + "," + del.get());
    } catch (JedisException e) {
      return Reply.failed(e);
    }
  }

  /** Two commands on one connection with a log line between them. */
  Reply copy(String from, String to) {
    try (Jedis jedis = pool.getResource()) {
      String value = jedis.get(from);
      if (value == null) {
        return Reply.ok("nothing to copy");
      }
      LOG.info("copying {} to {}", from, to);
      jedis.set(to, value);
      return Reply.ok("copied " + value);
    } catch (JedisException e) {
      return Reply.failed(e);
    }
  }

  Reply incr(String key) {
    try (Jedis jedis = pool.getResource()) {
      return Reply.ok(String.valueOf(jedis.incr(key)));
    } catch (JedisException e) {
      return Reply.failed(e);
    }
  }

  /** A connection of its own, as code that does not pool does: connect, authenticate, GET, close. */
  Reply getOnANewConnection(String key) {
    try (Jedis jedis = new Jedis(server, config)) {
      return Reply.ok(Main.pair(key, jedis.get(key)));
    } catch (JedisException e) {
      return Reply.failed(e);
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}

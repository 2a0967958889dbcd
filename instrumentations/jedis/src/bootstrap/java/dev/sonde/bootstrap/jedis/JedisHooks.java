package dev.sonde.bootstrap.jedis;

import dev.sonde.bootstrap.RedisHook;

/**
 * What the Jedis advice reaches from the application's class loaders: its hook, set by the Jedis
 * module when it starts (a no-op until then). The hook's type, {@link RedisHook}, is shared with
 * the other Redis client.
 */
public final class JedisHooks {

  /** Jedis commands: sent on a connection, replies read from it in order. */
  public static volatile RedisHook hook = RedisHook.NOOP;

  private JedisHooks() {}
}

package dev.sonde.bootstrap.lettuce;

import dev.sonde.bootstrap.RedisHook;

/**
 * What the Lettuce advice reaches from the application's class loaders: its hook, set by the Lettuce
 * module when it starts (a no-op until then). The hook's type, {@link RedisHook}, is shared with
 * the other Redis client.
 */
public final class LettuceHooks {

  /** Lettuce commands: dispatched by the application, completed on an I/O thread. */
  public static volatile RedisHook hook = RedisHook.NOOP;

  private LettuceHooks() {}
}

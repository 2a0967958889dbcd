package dev.sonde.bootstrap.jdkhttp;

import dev.sonde.bootstrap.CallDepth;

/**
 * What the JDK {@code HttpServer} advice reaches besides the shared HTTP server hook
 * ({@code Hooks.httpServer}, which the servlet module sets too): its call depth kind.
 */
public final class JdkHttpServerHooks {

  /** Nesting of {@code HttpServer} filter chains. */
  public static final CallDepth FILTER_CHAIN_DEPTH = CallDepth.kind("jdk-httpserver.filter-chain");

  private JdkHttpServerHooks() {}
}

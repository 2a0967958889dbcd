package dev.sonde.bootstrap.apache5;

/**
 * What the Apache HttpClient 5 async advice reaches from the application's class loaders: its
 * hook, set by the module when it starts (a no-op until then). The classic advice uses
 * the HTTP clients' shared hook, {@code Hooks.httpClient}, and call depth,
 * {@code Hooks.HTTP_CLIENT_DEPTH}.
 */
public final class ApacheHttpClient5Hooks {

  /** The async client's requests. */
  public static volatile ApacheAsyncHook async = ApacheAsyncHook.NOOP;

  private ApacheHttpClient5Hooks() {}
}

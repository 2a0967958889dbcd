package dev.sonde.bootstrap.apache5;

/**
 * What the Apache HttpClient 5 async advice reaches from the application's class loaders: its
 * hook, set by the module when it starts (a no-op until then), and the name of the context
 * attribute through which each attempt of a request finds its exchange. The classic advice uses
 * the HTTP clients' shared hook, {@code Hooks.httpClient}, and call depth,
 * {@code Hooks.HTTP_CLIENT_DEPTH}.
 */
public final class ApacheHttpClient5Hooks {

  /** The async client's requests. */
  public static volatile ApacheAsyncHook async = ApacheAsyncHook.NOOP;

  /**
   * The {@code HttpContext} attribute that holds a request's exchange while it is in flight:
   * retries and redirect hops run on the client's own threads, with only the context in common.
   */
  public static final String EXCHANGE = "dev.sonde.apache5.exchange";

  private ApacheHttpClient5Hooks() {}
}

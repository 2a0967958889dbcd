package dev.sonde.bootstrap.javahttpclient;

/**
 * What the {@code java.net.http.HttpClient} advice reaches from the JDK's classes: its hook, set
 * by the module when it starts (a no-op until then). The call depth it enters is the one every
 * HTTP client shares, {@code Hooks.HTTP_CLIENT_DEPTH}.
 */
public final class JavaHttpClientHooks {

  /** Outgoing HTTP through the JDK's {@code java.net.http.HttpClient} (JDK 11+). */
  public static volatile JavaHttpClientHook hook = JavaHttpClientHook.NOOP;

  private JavaHttpClientHooks() {}
}

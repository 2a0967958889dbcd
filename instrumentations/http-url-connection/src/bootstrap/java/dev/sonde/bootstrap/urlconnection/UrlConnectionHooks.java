package dev.sonde.bootstrap.urlconnection;

/**
 * What the {@code HttpURLConnection} advice reaches from the JDK's classes: its hook, set by the
 * module when it starts (a no-op until then). The call depth it enters is the one every HTTP
 * client shares, {@code Hooks.HTTP_CLIENT_DEPTH}.
 */
public final class UrlConnectionHooks {

  /** Outgoing HTTP through the JDK's {@code HttpURLConnection} (http and https). */
  public static volatile UrlConnectionHook hook = UrlConnectionHook.NOOP;

  private UrlConnectionHooks() {}
}

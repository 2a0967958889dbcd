package dev.sonde.bootstrap;

/**
 * What the advice of third-party HTTP clients (OkHttp, Apache HttpClient) reports: one call per
 * request the application sends, started where the client takes the request and ended when its
 * response (or failure) has come back. The advice writes the trace headers the hook hands back
 * into the request the client is about to send.
 */
public interface HttpClientHook {

  /**
   * A request starts.
   *
   * @param scheme {@code http} or {@code https}, or null when only {@code target} says it
   * @param host the server's host, or null when only {@code target} says it
   * @param port the port the request goes to, or -1 for the scheme's default
   * @param target the request's URL: absolute, or its path and query
   * @param traceparentSet whether the request carries a {@code traceparent} of the application's
   * @return the request in progress, or null when none is recorded
   */
  Object start(String method, String scheme, String host, int port, String target,
      boolean traceparentSet);

  /**
   * The headers to write into the request: names and values, alternating, a null name ending
   * them early; null when there are none (no current span, or the application set its own).
   */
  String[] headers(Object request);

  /**
   * The request ended.
   *
   * @param request what {@link #start} returned (not null)
   * @param status the response's status code, 0 when none came back
   * @param protocol the response's protocol object (its {@code toString()} names the version),
   *     or null
   * @param error what the client threw to the application, or null
   */
  void end(Object request, int status, Object protocol, Throwable error);

  /** Records nothing; the hook in place until the agent has started. */
  HttpClientHook NOOP = new HttpClientHook() {
    @Override
    public Object start(String method, String scheme, String host, int port, String target,
        boolean traceparentSet) {
      return null;
    }

    @Override
    public String[] headers(Object request) {
      return null;
    }

    @Override
    public void end(Object request, int status, Object protocol, Throwable error) {}
  };
}

package dev.sonde.bootstrap.urlconnection;

import dev.sonde.bootstrap.Hooks;

/**
 * What {@code HttpURLConnection} advice reports. One connection is one request, but the
 * application reaches it through several calls ({@code connect}, {@code getOutputStream},
 * {@code getInputStream}, {@code getResponseCode}), often more than once each: the recorder keeps
 * the request per connection, starts it at the first of those calls and ends it when the response
 * (or a failure) has come back. Only the outermost call of a thread is reported
 * ({@link Hooks#HTTP_CLIENT_DEPTH}).
 */
public interface UrlConnectionHook {

  /**
   * The application called one of the connection's request methods.
   *
   * @param connection a {@code java.net.HttpURLConnection}
   * @return the request in progress on it, or null when it has ended already (a repeated
   *     {@code getInputStream}) or is not recorded
   */
  Object called(Object connection);

  /**
   * That call returned or threw.
   *
   * @param request what {@link #called} returned (not null)
   * @param responseCode the connection's status code so far, -1 while none was read
   * @param error what the call threw, or null
   * @param response whether the call reads the response ({@code getInputStream},
   *     {@code getResponseCode}): its return ends the request; {@code connect} and
   *     {@code getOutputStream} end it only when they throw
   */
  void returned(Object request, Object connection, int responseCode, Throwable error,
      boolean response);

  /**
   * A call that reads the response without throwing what reading it threw
   * ({@code getHeaderField}, {@code getHeaderFields}, {@code getHeaderFieldKey}, and so
   * {@code getContentType}, {@code getContentLength}…) returned: the request ends with the
   * status read, or the failure the connection kept, but the application was thrown nothing.
   *
   * @param request what {@link #called} returned (not null)
   * @param responseCode the connection's status code, -1 when none was read
   * @param kept the failure the connection remembered from reading the response, or null
   */
  void headersRead(Object request, Object connection, int responseCode, Object kept);

  /** Records nothing; the hook in place until the agent has started. */
  UrlConnectionHook NOOP = new UrlConnectionHook() {
    @Override
    public Object called(Object connection) {
      return null;
    }

    @Override
    public void returned(Object request, Object connection, int responseCode, Throwable error,
        boolean response) {}

    @Override
    public void headersRead(Object request, Object connection, int responseCode, Object kept) {}
  };
}

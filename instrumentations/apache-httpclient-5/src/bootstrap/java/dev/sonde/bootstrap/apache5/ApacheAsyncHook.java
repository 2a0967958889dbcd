package dev.sonde.bootstrap.apache5;

/**
 * What the advice of Apache HttpClient 5's async client reports. One request the application
 * sends ({@code CloseableHttpAsyncClient.execute}, whatever overload) is one exchange: it starts
 * when the client hands the first attempt of the request to its protocol stage, ends when the
 * client completes the application's future (response, failure or cancellation, on whatever
 * thread), and every attempt it makes (retries, redirect hops, each a copy the client makes)
 * carries the exchange's trace headers. The client's types are {@code Object} here: the bootstrap
 * class path does not see them.
 */
public interface ApacheAsyncHook {

  /**
   * The application called the client ({@code doExecute}, outermost on its thread).
   *
   * @param callbackType {@code org.apache.hc.core5.concurrent.FutureCallback} as the client sees it
   * @param callback the application's callback, or null
   * @param context the request's {@code HttpContext} (not null)
   * @return the callback the client is to complete instead, which ends the exchange and then
   *     calls {@code callback}; it also stands for the exchange in {@link #attempt} and
   *     {@link #thrown}. Null when the request is not recorded
   */
  Object execute(Class<?> callbackType, Object callback, Object context);

  /**
   * The exchange an attempt belongs to.
   *
   * @param request the object standing for one request in every attempt's scope (its
   *     {@code cancellableDependency}, the future {@code doExecute} returns)
   * @return the exchange, or null when the request is not recorded. The first attempt, made on
   *     the application's thread inside {@code doExecute}, takes that call's exchange
   */
  Object exchange(Object request);

  /**
   * An attempt of the request reaches the client's protocol stage: the first starts the exchange
   * (the others' values are ignored).
   *
   * @param exchange what {@link #execute} returned
   * @param port the port the request goes to, or -1 for the scheme's default
   * @param target the request's URI: its path and query, or absolute
   * @param traceparentSet whether the request carries a {@code traceparent}
   * @return the headers to set on the attempt's request (names and values, alternating, a null
   *     name ending them early), or null
   */
  String[] attempt(Object exchange, String method, String scheme, String host, int port,
      String target, boolean traceparentSet);

  /**
   * {@code doExecute} returned {@code future}, or threw {@code error} (the exchange ends with
   * it).
   */
  void executed(Object exchange, Object future, Throwable error);

  /** Records nothing; the hook in place until the agent has started. */
  ApacheAsyncHook NOOP = new ApacheAsyncHook() {
    @Override
    public Object execute(Class<?> callbackType, Object callback, Object context) {
      return null;
    }

    @Override
    public Object exchange(Object request) {
      return null;
    }

    @Override
    public String[] attempt(Object exchange, String method, String scheme, String host,
        int port, String target, boolean traceparentSet) {
      return null;
    }

    @Override
    public void executed(Object exchange, Object future, Throwable error) {}
  };
}

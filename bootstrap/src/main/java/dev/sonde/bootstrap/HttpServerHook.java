package dev.sonde.bootstrap;

/**
 * What HTTP server advice (Servlet, JDK {@code HttpServer}) reports about a request. The advice
 * reads plain values off the library's own request type and hands them over; the agent-side
 * recorder turns them into a span, metrics and log correlation.
 *
 * <p>The scope returned by {@link #start} is opaque to the advice: it is passed back to
 * {@link #end} or {@link #endAsync}, exactly once, on the thread that started it.
 */
public interface HttpServerHook {

  /** Response header that carries the request id. */
  String REQUEST_ID_HEADER = "X-Request-ID";

  /**
   * Request attribute holding the scope while a request is traced, so that nested layers
   * (filters, forwards, async re-dispatch) do not start a second span.
   */
  String SCOPE_ATTRIBUTE = "dev.sonde.http.server.request";

  /**
   * Starts a server request and makes its context current on this thread.
   *
   * @param request what the advice read off the request ({@link HttpServerRequest#ofThread}):
   *     read before this returns, never kept
   * @return the request's scope, or {@code null} when nothing is recorded for it
   */
  Object start(HttpServerRequest request);

  /** The id to echo in the {@link #REQUEST_ID_HEADER} response header. */
  String requestId(Object scope);

  /**
   * Ends the request: records its metrics, ends its span, restores this thread's context. A
   * request that failed (an exception, or a status of 400 or more) inside a container request
   * keeps its context current until {@link #containerEnded}; its span still ends now.
   *
   * @param status the response status; ignored (500) when {@code error} is not null
   * @param route the framework's own route template, or null to derive one from the path
   * @param error the throwable escaping the handler, or null
   */
  void end(Object scope, int status, String route, Throwable error);

  /**
   * The handler returned but the request goes on asynchronously: restores this thread's context
   * now, and returns a listener of type {@code listenerType} (for example the Servlet API's
   * {@code AsyncListener}) that ends the request when the container reports completion.
   *
   * @param response the library's response object, read for the status at completion
   * @return the listener, or null when the request was ended now instead
   */
  Object endAsync(Object scope, Class<?> listenerType, Object response);

  /**
   * The container began handling a request on this thread (Tomcat's {@code CoyoteAdapter}, Jetty's
   * channel): what it does after the servlet returns, logging an escaped exception and
   * dispatching to an error page, belongs to the request too.
   *
   * @return what to pass to {@link #containerEnded}
   */
  Object containerStarted();

  /**
   * The container is done with the request: a failed request's context, kept current since
   * {@link #end} so that the container's error logging and error page carry its trace, is
   * restored now.
   *
   * @param started what {@link #containerStarted} returned, null when it recorded nothing
   */
  void containerEnded(Object started);

  /** Records nothing; the hook in place until the agent has started. */
  HttpServerHook NOOP = new HttpServerHook() {
    @Override
    public Object start(HttpServerRequest request) {
      return null;
    }

    @Override
    public String requestId(Object scope) {
      return null;
    }

    @Override
    public void end(Object scope, int status, String route, Throwable error) {}

    @Override
    public Object endAsync(Object scope, Class<?> listenerType, Object response) {
      return null;
    }

    @Override
    public Object containerStarted() {
      return null;
    }

    @Override
    public void containerEnded(Object started) {}
  };
}

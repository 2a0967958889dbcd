package dev.sonde.bootstrap;

/**
 * What HTTP server advice read off a request, handed to {@link HttpServerHook#start}: named
 * fields instead of a dozen positional strings. One per thread, reused for every request the
 * thread starts, so starting a request allocates nothing here: the advice sets every field, the
 * hook reads them before it returns and keeps none.
 */
public final class HttpServerRequest {

  /** The request method as sent ({@code GET}). */
  public String method;

  /** {@code http} or {@code https}. */
  public String scheme;

  /** The host the request was addressed to (the server's name or local address). */
  public String serverAddress;

  /** The port it was addressed to; 0 or less when unknown. */
  public int serverPort;

  /** The raw path, without the query. */
  public String path;

  /** The raw query, or null. */
  public String query;

  /** The protocol ({@code HTTP/1.1}). */
  public String protocol;

  /** The address of the client (the peer of the connection). */
  public String clientAddress;

  /** The {@code User-Agent} header, or null. */
  public String userAgent;

  /** The {@code traceparent} header, or null. */
  public String traceparent;

  /** The {@code tracestate} header, or null. */
  public String tracestate;

  /** The {@link HttpServerHook#REQUEST_ID_HEADER} header, or null. */
  public String requestId;

  HttpServerRequest() {}

  /** The calling thread's carrier, to fill and pass to {@link HttpServerHook#start}. */
  public static HttpServerRequest ofThread() {
    ThreadState state = ThreadState.current();
    HttpServerRequest request = state.httpServerRequest;
    if (request == null) {
      request = new HttpServerRequest();
      state.httpServerRequest = request;
    }
    return request;
  }

  /** A carrier of one's own, for a test or a benchmark. */
  public static HttpServerRequest create() {
    return new HttpServerRequest();
  }
}

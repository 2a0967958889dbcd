package dev.sonde.bootstrap;

/**
 * The trace headers of the request a blocking HTTP client (Apache HttpClient 4 and 5 classic) is
 * sending on this thread. The client's outermost {@code execute} starts the request and sets
 * them here; the client's own stage that handles each copy it makes of the request (the first
 * attempt, each retry, each redirect hop) writes them into that copy. The application's request
 * object is never changed, so a request shared between threads, or one carrying a
 * {@code tracestate} of the application's, stays as the application left it.
 */
public final class ClassicClientHeaders {

  private ClassicClientHeaders() {}

  /** The outermost {@code execute} of this thread starts sending a request with these. */
  public static void set(String[] headers) {
    ThreadState.current().httpClientSending = headers;
  }

  /**
   * The headers of the request this thread is sending: names and values, alternating, a null
   * name ending them early; null when there are none.
   */
  public static String[] get() {
    Object sending = ThreadState.current().httpClientSending;
    return sending instanceof String[] ? (String[]) sending : null;
  }

  /** That {@code execute} returned or threw. */
  public static void clear() {
    ThreadState state = ThreadState.current();
    if (state.httpClientSending instanceof String[]) {
      state.httpClientSending = null;
    }
  }
}

package dev.sonde.bootstrap.javahttpclient;

import dev.sonde.bootstrap.Hooks;

/**
 * What {@code java.net.http.HttpClient} advice reports (JDK 11+; the types are {@code Object}
 * here because the agent also runs on Java 8). The application's outermost {@code send} or
 * {@code sendAsync} starts a request ({@link Hooks#HTTP_CLIENT_DEPTH}); while it runs on the
 * application's thread, the JDK copies the application's immutable {@code HttpRequest} into its
 * own, reading the request's headers once: {@link #headers} adds the trace context to what that
 * read returns, and to nothing else the application can see.
 */
public interface JavaHttpClientHook {

  /**
   * The application called {@code send} or {@code sendAsync}.
   *
   * @param request the application's {@code java.net.http.HttpRequest}
   * @return the request in progress, or null when it is not recorded
   */
  Object sending(Object request);

  /**
   * {@code send} returned or threw.
   *
   * @param sending what {@link #sending} returned (not null)
   * @param response the {@code HttpResponse}, or null when it threw
   * @param error what {@code send} threw, or null
   */
  void sent(Object sending, Object response, Throwable error);

  /**
   * {@code sendAsync} returned or threw: the request ends when {@code future} completes.
   *
   * @param sending what {@link #sending} returned (not null)
   * @param future the {@code CompletableFuture} of the response, or null when it threw
   * @param error what {@code sendAsync} threw, or null
   */
  void sentAsync(Object sending, Object future, Throwable error);

  /**
   * The JDK's {@code HttpRequest.headers()} returned {@code headers}.
   *
   * @return {@code headers}, or them with the trace context when {@code request} is being sent
   *     on this thread with a span current
   */
  Object headers(Object request, Object headers);

  /** Records nothing; the hook in place until the agent has started. */
  JavaHttpClientHook NOOP = new JavaHttpClientHook() {
    @Override
    public Object sending(Object request) {
      return null;
    }

    @Override
    public void sent(Object sending, Object response, Throwable error) {}

    @Override
    public void sentAsync(Object sending, Object future, Throwable error) {}

    @Override
    public Object headers(Object request, Object headers) {
      return headers;
    }
  };
}

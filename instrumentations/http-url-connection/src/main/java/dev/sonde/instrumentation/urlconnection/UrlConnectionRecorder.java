package dev.sonde.instrumentation.urlconnection;

import dev.sonde.bootstrap.urlconnection.UrlConnectionHook;
import dev.sonde.instrumentation.api.cache.WeakKeyMap;
import dev.sonde.instrumentation.api.http.ClientCall;
import dev.sonde.instrumentation.api.http.HttpClientRecorder;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.net.HttpURLConnection;
import java.net.URL;

/**
 * The request of each JDK {@code HttpURLConnection}, kept per connection (weakly, by identity)
 * from the first call that starts it to the call that reads its response, so that the calls an
 * application repeats on one connection ({@code getResponseCode}, then {@code getInputStream},
 * then {@code getHeaderField}…) record one request, once.
 */
final class UrlConnectionRecorder implements UrlConnectionHook {

  /** Connections remembered at once; past it, a connection's calls may each record a request. */
  private static final int MAX_CONNECTIONS = 100_000;
  /** The JDK's own implementation, http and (its delegate) https. */
  private static final String JDK_IMPLEMENTATION = "sun.net.www.protocol.http";
  private static final String TRACEPARENT = "traceparent";
  private static final String POST = "POST";

  private static final TextMapSetter<HttpURLConnection> HEADERS =
      new TextMapSetter<HttpURLConnection>() {
        @Override
        public void set(HttpURLConnection connection, String key, String value) {
          try {
            connection.setRequestProperty(key, value);
          } catch (IllegalStateException connected) {
            // Too late for headers: the span is still recorded and ended.
          }
        }
      };

  private final HttpClientRecorder recorder;
  private final WeakKeyMap<HttpURLConnection, ClientCall> calls =
      new WeakKeyMap<HttpURLConnection, ClientCall>(MAX_CONNECTIONS);

  UrlConnectionRecorder(HttpClientRecorder recorder) {
    this.recorder = recorder;
  }

  @Override
  public Object called(Object target) {
    HttpURLConnection connection = (HttpURLConnection) target;
    // getResponseCode is HttpURLConnection's own: other implementations pass there too.
    if (!connection.getClass().getName().startsWith(JDK_IMPLEMENTATION)) {
      return null;
    }
    ClientCall call = calls.get(connection);
    if (call != null) {
      return call.ended() ? null : call;
    }
    URL url = connection.getURL();
    int port = url.getPort();
    boolean traceparentSet;
    try {
      traceparentSet = connection.getRequestProperty(TRACEPARENT) != null;
    } catch (IllegalStateException connected) {
      traceparentSet = true; // too late to add a header
    }
    call = recorder.start(connection.getRequestMethod(), url.getProtocol(), host(url),
        port >= 0 ? port : url.getDefaultPort(), port, url.getPath(), url.getQuery(),
        connection, HEADERS, traceparentSet);
    ClientCall kept = calls.putIfAbsent(connection, call);
    // Null: too many connections held; this call records alone.
    return kept == null || kept == call ? call : kept.ended() ? null : kept;
  }

  @Override
  public void returned(Object request, Object target, int responseCode, Throwable error,
      boolean response) {
    ClientCall call = (ClientCall) request;
    postedBody(call, target);
    if (error == null && !response) {
      return; // connected, or the body is being written: the request goes on
    }
    recorder.end(call, responseCode, version(call, target, responseCode, error), error);
  }

  @Override
  public void headersRead(Object request, Object target, int responseCode, Object kept) {
    ClientCall call = (ClientCall) request;
    postedBody(call, target);
    Throwable failure = kept instanceof Throwable ? (Throwable) kept : null;
    recorder.endWithoutThrowing(call, responseCode,
        version(call, target, responseCode, null), failure);
  }

  /**
   * A GET whose body the application writes is sent as a POST ({@code getOutputStream} switches
   * it). Only that change is taken: a redirect the JDK follows turns a POST into a GET, but the
   * request the application sent was the POST.
   */
  private void postedBody(ClientCall call, Object target) {
    if (POST.equals(((HttpURLConnection) target).getRequestMethod())) {
      recorder.methodSent(call, POST);
    }
  }

  /** The response's protocol version from its status line, read already: no I/O. */
  private String version(ClientCall call, Object target, int responseCode, Throwable error) {
    if (error == null && responseCode > 0 && recorder.recording(call)) {
      return protocolVersion(((HttpURLConnection) target).getHeaderField(0));
    }
    return null;
  }

  /** The host without the brackets of an IPv6 literal. */
  private static String host(URL url) {
    String host = url.getHost();
    return host.length() > 1 && host.charAt(0) == '['
        ? host.substring(1, host.length() - 1) : host;
  }

  static String protocolVersion(String statusLine) {
    if (statusLine == null || !statusLine.startsWith("HTTP/")) {
      return null;
    }
    if (statusLine.startsWith("HTTP/1.1")) {
      return "1.1";
    }
    int space = statusLine.indexOf(' ');
    return statusLine.substring(5, space < 0 ? statusLine.length() : space);
  }
}

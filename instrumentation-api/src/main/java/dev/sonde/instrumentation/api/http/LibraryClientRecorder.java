package dev.sonde.instrumentation.api.http;

import dev.sonde.bootstrap.HttpClientHook;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.net.URI;

/**
 * The {@link HttpClientHook} of the third-party clients (OkHttp, Apache HttpClient): what their
 * advice reads off a request, as plain strings, turned into {@link HttpClientRecorder} calls.
 * The advice cannot link against the agent's classes, nor this class against the libraries'.
 *
 * <p>A request with no current span is measured only: nothing is parsed and no header made. A
 * traced one returns a {@link Traced} holding the headers the advice writes into the request.
 */
public final class LibraryClientRecorder implements HttpClientHook {

  private static final String UNKNOWN_HOST = "_unknown";

  private static final TextMapSetter<Traced> HEADERS = new TextMapSetter<Traced>() {
    @Override
    public void set(Traced carrier, String key, String value) {
      if (carrier != null && carrier.count + 1 < carrier.headers.length) {
        carrier.headers[carrier.count++] = key;
        carrier.headers[carrier.count++] = value;
      }
    }
  };

  private final HttpClientRecorder recorder;

  public LibraryClientRecorder(HttpClientRecorder recorder) {
    this.recorder = recorder;
  }

  /** A traced request: its call and the trace headers to write (traceparent, tracestate). */
  static final class Traced {
    final String[] headers = new String[4];
    int count;
    ClientCall call;
  }

  @Override
  public Object start(String method, String scheme, String host, int port, String target,
      boolean traceparentSet) {
    if (host == null || scheme == null) {
      URI uri = absolute(target);
      if (host == null) {
        host = uri == null || uri.getHost() == null ? UNKNOWN_HOST : uri.getHost();
        port = uri == null ? port : uri.getPort();
      }
      if (scheme == null) {
        scheme = uri == null || uri.getScheme() == null ? "http" : uri.getScheme();
      }
    }
    int defaultPort = scheme.equalsIgnoreCase("https") ? 443 : 80;
    int actualPort = port > 0 ? port : defaultPort;
    if (!Span.current().getSpanContext().isValid()) {
      return recorder.start(method, scheme, host, actualPort, -1, null, null, null, HEADERS,
          true);
    }
    String path = pathAndQuery(target);
    int question = path.indexOf('?');
    String query = question < 0 ? null : path.substring(question + 1);
    if (question >= 0) {
      path = path.substring(0, question);
    }
    Traced traced = new Traced();
    traced.call = recorder.start(method, scheme, host, actualPort,
        port > 0 && port != defaultPort ? port : -1, path, query, traced, HEADERS,
        traceparentSet);
    return traced.count == 0 ? traced.call : traced;
  }

  @Override
  public String[] headers(Object request) {
    return request instanceof Traced ? ((Traced) request).headers : null;
  }

  @Override
  public void end(Object request, int status, Object protocol, Throwable error) {
    ClientCall call = request instanceof Traced ? ((Traced) request).call : (ClientCall) request;
    String version = protocol != null && recorder.recording(call)
        ? protocolVersion(protocol.toString()) : null;
    recorder.end(call, status, version, error);
  }

  /** The path and query of {@code target}, absolute or not, without its fragment. */
  static String pathAndQuery(String target) {
    if (target == null || target.isEmpty()) {
      return "/";
    }
    String rest = target;
    int scheme = target.indexOf("://");
    if (scheme > 0 && target.indexOf('/') > scheme) {
      int pathStart = target.indexOf('/', scheme + 3);
      int queryStart = target.indexOf('?', scheme + 3);
      int start = pathStart < 0 ? queryStart : queryStart < 0 ? pathStart
          : Math.min(pathStart, queryStart);
      rest = start < 0 ? "/" : target.substring(start);
    }
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      rest = rest.substring(0, hash);
    }
    return rest.isEmpty() || rest.charAt(0) == '?' ? "/" + rest : rest;
  }

  private static URI absolute(String target) {
    try {
      URI uri = target == null ? null : new URI(target);
      return uri != null && uri.isAbsolute() ? uri : null;
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * {@code 1.1}, {@code 2}… from a client's protocol name: {@code HTTP/1.1} (Apache), {@code
   * HTTP/2.0}, {@code http/1.1} or {@code h2} (OkHttp).
   */
  static String protocolVersion(String protocol) {
    String p = protocol.toLowerCase(java.util.Locale.ROOT);
    if (p.equals("http/1.1")) {
      return "1.1";
    }
    if (p.equals("http/1.0")) {
      return "1.0";
    }
    if (p.startsWith("h2") || p.startsWith("http/2")) {
      return "2";
    }
    if (p.startsWith("h3") || p.startsWith("http/3") || p.equals("quic")) {
      return "3";
    }
    return p.startsWith("http/") ? p.substring(5) : null;
  }
}

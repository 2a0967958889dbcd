package dev.sonde.instrumentation.api.http;

import dev.sonde.bootstrap.HttpServerHook;
import dev.sonde.bootstrap.HttpServerRequest;
import dev.sonde.bootstrap.ThreadState;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.metrics.ErrorsMetric;
import dev.sonde.instrumentation.api.metrics.Metrics;
import dev.sonde.instrumentation.api.trace.BoxedLongs;
import dev.sonde.instrumentation.api.trace.LogCorrelation;
import dev.sonde.instrumentation.api.trace.SpanNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns the server requests HTTP advice reports into a SERVER span (stable OpenTelemetry HTTP
 * conventions), the contract's HTTP metrics, and log correlation fields. One instance serves
 * every HTTP server instrumentation.
 */
public final class HttpServerRecorder implements HttpServerHook {

  static final String COMPONENT = "http";
  /** The endpoint of every 404: unmatched paths must not create series. */
  static final String UNMATCHED = "_unmatched";

  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> METHOD_ORIGINAL =
      AttributeKey.stringKey("http.request.method_original");
  private static final AttributeKey<String> SCHEME = AttributeKey.stringKey("url.scheme");
  private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  private static final AttributeKey<String> QUERY = AttributeKey.stringKey("url.query");
  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<Long> STATUS =
      AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<String> SERVER_ADDRESS =
      AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  private static final AttributeKey<String> CLIENT_ADDRESS =
      AttributeKey.stringKey("client.address");
  private static final AttributeKey<String> PROTOCOL_VERSION =
      AttributeKey.stringKey("network.protocol.version");
  private static final AttributeKey<String> USER_AGENT =
      AttributeKey.stringKey("user_agent.original");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("request.id");

  private static final TextMapGetter<String[]> HEADERS = new TextMapGetter<String[]>() {
    @Override
    public Iterable<String> keys(String[] carrier) {
      return Arrays.asList("traceparent", "tracestate");
    }

    @Override
    public String get(String[] carrier, String key) {
      return "traceparent".equals(key) ? carrier[0] : "tracestate".equals(key) ? carrier[1] : null;
    }
  };

  private final Tracer tracer;
  private final HttpServerMetrics metrics;
  private final ErrorsMetric errors;
  private final QueryRedaction queryRedaction;
  /** Per normalized method (read-only once built): {@code GET /users/{id}} made once per route. */
  private final Map<String, SpanNames> spanNames = new HashMap<String, SpanNames>();

  /** The one recorder of {@code telemetry}, shared by every HTTP server instrumentation. */
  public static HttpServerRecorder of(final Telemetry telemetry) {
    return telemetry.metrics().shared("http-server-recorder", new Metrics.Factory<HttpServerRecorder>() {
      @Override
      public HttpServerRecorder create(Metrics metrics) {
        return new HttpServerRecorder(telemetry.tracer(), metrics,
            QueryRedaction.from(telemetry.config()));
      }
    });
  }

  HttpServerRecorder(Tracer tracer, Metrics metrics, QueryRedaction queryRedaction) {
    this.tracer = tracer;
    this.metrics = new HttpServerMetrics(metrics);
    this.errors = metrics.errors();
    this.queryRedaction = queryRedaction;
    for (String method : HttpMethods.NORMALIZED) {
      spanNames.put(method, new SpanNames(method));
    }
  }

  @Override
  public Object start(HttpServerRequest carrier) {
    long startNanos = System.nanoTime();
    String method = carrier.method;
    String path = PathParameters.strip(carrier.path);
    String query = carrier.query;
    String traceparent = carrier.traceparent;
    String tracestate = carrier.tracestate;
    // An incoming request starts from its own headers, never from whatever a pooled thread holds.
    Context parent = traceparent == null ? Context.root()
        : W3CTraceContextPropagator.getInstance().extract(Context.root(),
            new String[] {traceparent, tracestate}, HEADERS);
    String normalizedMethod = HttpMethods.normalize(method);
    Span span = tracer.spanBuilder(normalizedMethod).setParent(parent)
        .setSpanKind(SpanKind.SERVER).startSpan();
    String id = RequestIds.acceptOrGenerate(carrier.requestId);
    if (span.isRecording()) {
      span.setAttribute(METHOD, normalizedMethod);
      if (normalizedMethod != method) {
        span.setAttribute(METHOD_ORIGINAL, method);
      }
      span.setAttribute(SCHEME, carrier.scheme);
      span.setAttribute(PATH, path);
      if (query != null) {
        // Tokens and signatures in the query are the caller's secrets, not telemetry.
        span.setAttribute(QUERY, queryRedaction.redact(query));
      }
      span.setAttribute(SERVER_ADDRESS, carrier.serverAddress);
      if (carrier.serverPort > 0) {
        span.setAttribute(SERVER_PORT, BoxedLongs.of(carrier.serverPort));
      }
      span.setAttribute(CLIENT_ADDRESS, carrier.clientAddress);
      span.setAttribute(PROTOCOL_VERSION, protocolVersion(carrier.protocol));
      span.setAttribute(USER_AGENT, carrier.userAgent);
      span.setAttribute(REQUEST_ID, id);
    }
    ServerRequest request = new ServerRequest(span, normalizedMethod, path, id, startNanos);
    metrics.started();
    request.scope = LogCorrelation.withFields(parent.with(span), span, id).makeCurrent();
    return request;
  }

  @Override
  public String requestId(Object scope) {
    return ((ServerRequest) scope).requestId;
  }

  @Override
  public void end(Object scope, int status, String route, Throwable error) {
    ServerRequest request = (ServerRequest) scope;
    if (error == null && status < 400 || !lingers(request.scope)) {
      request.scope.close();
    }
    finish(request, status, route, error);
  }

  /**
   * Keeps a failed request's context current until its container request ends: the container
   * logs the exception and runs the error page after the servlet returned. False outside a
   * container request (an async dispatch, a container without the hook), where nothing would
   * close it, or when one lingers already.
   */
  private static boolean lingers(Scope scope) {
    ThreadState state = ThreadState.current();
    if (state.containerRequests == 0 || state.lingeringScope != null) {
      return false;
    }
    state.lingeringScope = scope;
    return true;
  }

  @Override
  public Object containerStarted() {
    ThreadState state = ThreadState.current();
    state.containerRequests++;
    return state;
  }

  @Override
  public void containerEnded(Object started) {
    if (started == null) {
      return;
    }
    ThreadState state = (ThreadState) started;
    if (--state.containerRequests == 0) {
      Object lingering = state.lingeringScope;
      if (lingering != null) {
        state.lingeringScope = null;
        ((Scope) lingering).close();
      }
    }
  }

  @Override
  public Object endAsync(Object scope, Class<?> listenerType, Object response) {
    ServerRequest request = (ServerRequest) scope;
    request.scope.close();
    return Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] {listenerType},
        new AsyncCompletion(this, request, response));
  }

  void finish(ServerRequest request, int status, String route, Throwable error) {
    if (!request.markEnded()) {
      return;
    }
    if (error != null) {
      status = 500;
      errors.record(error, COMPONENT);
    }
    String endpoint = status == 404 ? UNMATCHED
        : route != null ? route : RouteTemplate.of(request.path);
    metrics.finished(request.method, endpoint, status, System.nanoTime() - request.startNanos);
    Span span = request.span;
    if (span.isRecording()) {
      if (endpoint != UNMATCHED) {
        span.updateName(spanName(request.method, endpoint));
        span.setAttribute(ROUTE, endpoint);
      }
      span.setAttribute(STATUS, BoxedLongs.of(status));
      if (error != null) {
        span.recordException(error);
        span.setAttribute(ERROR_TYPE, error.getClass().getName());
      } else if (status >= 500) {
        span.setAttribute(ERROR_TYPE, StatusCodes.text(status));
      }
      if (status >= 500) {
        // Server spans: only 5xx is the server's failure; 4xx is the client's.
        span.setStatus(StatusCode.ERROR);
      }
    }
    span.end();
  }

  private String spanName(String method, String endpoint) {
    SpanNames names = spanNames.get(method);
    return names != null ? names.of(endpoint) : method + ' ' + endpoint;
  }

  private static String protocolVersion(String protocol) {
    if (protocol == null) {
      return null;
    }
    if (protocol.equals("HTTP/1.1")) {
      return "1.1";
    }
    int slash = protocol.indexOf('/');
    return slash < 0 ? protocol : protocol.substring(slash + 1);
  }
}

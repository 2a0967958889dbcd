package dev.sonde.instrumentation.api.http;

import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.metrics.BoundedSeries;
import dev.sonde.instrumentation.api.metrics.DurationHistogram;
import dev.sonde.instrumentation.api.metrics.ErrorsMetric;
import dev.sonde.instrumentation.api.metrics.Metrics;
import dev.sonde.instrumentation.api.metrics.StripedCounter;
import dev.sonde.instrumentation.api.trace.BoxedLongs;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * Outgoing HTTP requests, whatever the client: a CLIENT span per request (stable OpenTelemetry
 * HTTP client conventions) when a span is current, its context written into the request,
 * {@code http_client_requests_total{method,server_address,status_code}},
 * {@code http_client_request_duration_seconds{method,server_address}},
 * {@code errors_total{component="http_client"}} and the {@code http:host:port} health window. One
 * instance serves every HTTP client instrumentation.
 *
 * <p>A request with no response (refused, timed out, reset) is counted with
 * {@code status_code="_none"}. A failure for the health window is a request with no response or
 * a 5xx; a 4xx is the caller's mistake, not the server's.
 */
public final class HttpClientRecorder {

  static final String COMPONENT = "http_client";
  /** The {@code status_code} of a request that got no response. */
  static final String NO_RESPONSE = "_none";

  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> METHOD_ORIGINAL =
      AttributeKey.stringKey("http.request.method_original");
  private static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
  private static final AttributeKey<String> SERVER_ADDRESS =
      AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  private static final AttributeKey<Long> STATUS =
      AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<String> PROTOCOL_VERSION =
      AttributeKey.stringKey("network.protocol.version");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private final Tracer tracer;
  private final BoundedSeries<StripedCounter.Child> requests;
  private final BoundedSeries<DurationHistogram.Child> durations;
  private final ErrorsMetric errors;
  private final ClientEndpoint.Table endpoints;
  private final QueryRedaction redaction;

  /** The one recorder of {@code telemetry}, shared by every HTTP client instrumentation. */
  public static HttpClientRecorder of(final Telemetry telemetry) {
    return telemetry.metrics().shared("http-client-recorder",
        new Metrics.Factory<HttpClientRecorder>() {
          @Override
          public HttpClientRecorder create(Metrics metrics) {
            return new HttpClientRecorder(telemetry, metrics);
          }
        });
  }

  private HttpClientRecorder(Telemetry telemetry, Metrics metrics) {
    this.tracer = telemetry.tracer();
    this.requests = metrics.register(StripedCounter.build("http_client_requests_total",
            "Outgoing HTTP requests, by method, server (host:port) and status code.")
        .labelNames("method", "server_address", "status_code").create(),
        "http_client_requests_total", 3);
    this.durations = metrics.register(DurationHistogram.build(
            "http_client_request_duration_seconds",
            "Time from an outgoing request's start to its response, by method and server.")
        .labelNames("method", "server_address").buckets(metrics.durationBuckets()).create(),
        "http_client_request_duration_seconds", 2);
    this.errors = metrics.errors();
    this.endpoints = new ClientEndpoint.Table(telemetry.dependencies());
    this.redaction = QueryRedaction.from(telemetry.config());
  }

  /**
   * A request starts, on the application's thread. With a span current, its CLIENT child starts
   * and, unless {@code traceparentSet}, is written into {@code carrier} with {@code setter}.
   *
   * @param port the port the request goes to (the scheme's default when the URL names none)
   * @param urlPort the port as the URL names it, -1 when it names none (for {@code url.full})
   * @param carrier where the headers go, or null to write none
   * @param traceparentSet whether the application set a {@code traceparent} itself
   */
  public <C> ClientCall start(String method, String scheme, String host, int port, int urlPort,
      String path, String query, C carrier, TextMapSetter<C> setter, boolean traceparentSet) {
    long startNanos = System.nanoTime();
    String normalizedMethod = HttpMethods.normalize(method);
    ClientEndpoint endpoint = endpoints.get(host, port);
    Context parent = Context.current();
    Span span = null;
    if (Span.fromContext(parent).getSpanContext().isValid()) {
      span = tracer.spanBuilder(spanName(normalizedMethod)).setParent(parent)
          .setSpanKind(SpanKind.CLIENT).startSpan();
      if (span.isRecording()) {
        span.setAttribute(METHOD, normalizedMethod);
        if (normalizedMethod != method) {
          span.setAttribute(METHOD_ORIGINAL, method);
        }
        span.setAttribute(URL_FULL, redaction.fullUrl(scheme, host, urlPort, path, query));
        span.setAttribute(SERVER_ADDRESS, host);
        span.setAttribute(SERVER_PORT, BoxedLongs.of(port));
      }
      if (carrier != null && !traceparentSet) {
        W3CTraceContextPropagator.getInstance().inject(parent.with(span), carrier, setter);
      }
    }
    return new ClientCall(span, normalizedMethod, endpoint, startNanos);
  }

  /**
   * The method the client sent, when it is not the one the request started with (the JDK's
   * {@code HttpURLConnection} sends a GET whose body the application writes as a POST): the
   * span's name and attributes and the request's measurements take it.
   */
  public void methodSent(ClientCall call, String method) {
    String normalized = HttpMethods.normalize(method);
    if (normalized.equals(call.method) || call.ended()) {
      return;
    }
    call.method = normalized;
    Span span = call.span;
    if (span != null && span.isRecording()) {
      span.updateName(spanName(normalized));
      span.setAttribute(METHOD, normalized);
      if (normalized != method) {
        span.setAttribute(METHOD_ORIGINAL, method);
      }
    }
  }

  /** The method, or {@code HTTP} for {@code _OTHER} (the conventions' span name). */
  private static String spanName(String normalizedMethod) {
    return normalizedMethod == HttpMethods.OTHER ? "HTTP" : normalizedMethod;
  }

  /** Whether {@code call} has a recording span: worth reading more off the response. */
  public boolean recording(ClientCall call) {
    return call.span != null && call.span.isRecording();
  }

  /**
   * The request ended: a response with {@code status}, or {@code error} thrown to the
   * application (with or without a response). Recorded once; later calls do nothing.
   *
   * @param status the response's status code, or 0 or less when none came back
   * @param protocolVersion {@code 1.1}, {@code 2}, or null when unknown
   * @param error the exception the client threw to the application, or null
   */
  public void end(ClientCall call, int status, String protocolVersion, Throwable error) {
    end(call, status, protocolVersion, error, true);
  }

  /**
   * The request ended in a failure the client kept from the application (the JDK's
   * {@code HttpURLConnection} reads the response for {@code getHeaderField} and swallows what
   * reading it threw): the response's status, or with none the failure's type as
   * {@code error.type}, as {@link #end}; but {@code errors_total} and the span's exception events
   * are for what the application was thrown, so {@code failure} goes into neither.
   *
   * @param failure what the client kept, or null
   */
  public void endWithoutThrowing(ClientCall call, int status, String protocolVersion,
      Throwable failure) {
    end(call, status, protocolVersion, failure, false);
  }

  private void end(ClientCall call, int status, String protocolVersion, Throwable error,
      boolean thrown) {
    if (!call.markEnded()) {
      return;
    }
    long now = System.nanoTime();
    long nanos = now - call.startNanos;
    boolean responded = status >= 100;
    ClientEndpoint endpoint = call.endpoint;
    String method = call.method;
    requests.get(method, endpoint.address,
        responded ? StatusCodes.text(status) : NO_RESPONSE).inc();
    durations.get(method, endpoint.address).observeNanos(nanos);
    endpoint.window.record(now, nanos, !responded || status >= 500);
    if (error != null && thrown) {
      errors.record(error, COMPONENT);
    }
    Span span = call.span;
    if (span == null) {
      return;
    }
    if (span.isRecording()) {
      if (responded) {
        span.setAttribute(STATUS, BoxedLongs.of(status));
      }
      if (protocolVersion != null) {
        span.setAttribute(PROTOCOL_VERSION, protocolVersion);
      }
      if (responded && status >= 400) {
        // Client spans: 4xx too is a failed request (the conventions' rule).
        span.setAttribute(ERROR_TYPE, StatusCodes.text(status));
        span.setStatus(StatusCode.ERROR);
      } else if (error != null) {
        span.setAttribute(ERROR_TYPE, error.getClass().getName());
        span.setStatus(StatusCode.ERROR);
      }
      if (error != null && thrown) {
        span.recordException(error);
      }
    }
    span.end();
  }
}

package dev.sonde.instrumentation.javahttpclient;

import dev.sonde.bootstrap.ThreadState;
import dev.sonde.bootstrap.javahttpclient.JavaHttpClientHook;
import dev.sonde.instrumentation.api.http.ClientCall;
import dev.sonde.instrumentation.api.http.HttpClientRecorder;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/**
 * Records each {@code send} and {@code sendAsync} with the shared {@link HttpClientRecorder}.
 * The trace context is written into a {@link Sending}, not into the application's request; the
 * thread that sends keeps that {@code Sending} until its call returns, and
 * {@link #headers} hands the context to the JDK's copy of the request in that time.
 */
final class JavaHttpClientRecorder implements JavaHttpClientHook {

  static final String TRACEPARENT = "traceparent";
  static final String TRACESTATE = "tracestate";

  /** One call in progress, and the context headers to send with it. */
  static final class Sending {
    static final TextMapSetter<Sending> HEADERS = new TextMapSetter<Sending>() {
      @Override
      public void set(Sending sending, String key, String value) {
        if (TRACEPARENT.equals(key)) {
          sending.traceparent = value;
        } else if (TRACESTATE.equals(key) && !value.isEmpty()) {
          sending.tracestate = value;
        }
      }
    };

    final Object request;
    ClientCall call;
    String traceparent;
    String tracestate;

    Sending(Object request) {
      this.request = request;
    }
  }

  private final HttpClientRecorder recorder;
  private final JavaHttpApi api;

  JavaHttpClientRecorder(HttpClientRecorder recorder, JavaHttpApi api) {
    this.recorder = recorder;
    this.api = api;
  }

  @Override
  public Object sending(Object request) {
    try {
      URI uri = api.uri(request);
      String scheme = uri.getScheme() == null ? "http" : uri.getScheme();
      int port = uri.getPort();
      Sending sending = new Sending(request);
      sending.call = recorder.start(api.method(request), scheme, host(uri),
          port >= 0 ? port : "https".equalsIgnoreCase(scheme) ? 443 : 80, port,
          uri.getRawPath(), uri.getRawQuery(), sending, Sending.HEADERS,
          api.has(request, TRACEPARENT));
      if (sending.traceparent != null) {
        ThreadState.current().httpClientSending = sending;
      }
      return sending;
    } catch (Exception unexpected) {
      return null;
    }
  }

  @Override
  public Object headers(Object request, Object headers) {
    Object onThread = ThreadState.current().httpClientSending;
    if (!(onThread instanceof Sending) || ((Sending) onThread).request != request
        || headers == null) {
      return headers;
    }
    Sending sending = (Sending) onThread;
    try {
      return api.with(headers, sending.traceparent, sending.tracestate);
    } catch (Exception unexpected) {
      return headers;
    }
  }

  @Override
  public void sent(Object token, Object response, Throwable error) {
    Sending sending = leave(token);
    end(sending.call, response, error);
  }

  @Override
  public void sentAsync(Object token, Object future, Throwable error) {
    final Sending sending = leave(token);
    if (error != null || !(future instanceof CompletableFuture)) {
      end(sending.call, null, error);
      return;
    }
    // The application keeps the future it was given; this only observes it.
    ((CompletableFuture<?>) future).whenComplete(new BiConsumer<Object, Throwable>() {
      @Override
      public void accept(Object response, Throwable failure) {
        end(sending.call, response, unwrap(failure));
      }
    });
  }

  private Sending leave(Object token) {
    Sending sending = (Sending) token;
    if (sending.traceparent != null) {
      ThreadState state = ThreadState.current();
      if (state.httpClientSending == sending) {
        state.httpClientSending = null;
      }
    }
    return sending;
  }

  private void end(ClientCall call, Object response, Throwable error) {
    int status = -1;
    String version = null;
    if (response != null) {
      try {
        status = api.statusCode(response);
        if (recorder.recording(call)) {
          version = api.protocolVersion(response);
        }
      } catch (Exception unexpected) {
        // measured without a status
      }
    }
    recorder.end(call, status, version, error);
  }

  /** The client's failure, as {@code get} would report its cause. */
  static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
  }

  /** The host without the brackets of an IPv6 literal. */
  private static String host(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      return null;
    }
    return host.length() > 1 && host.charAt(0) == '['
        ? host.substring(1, host.length() - 1) : host;
  }
}

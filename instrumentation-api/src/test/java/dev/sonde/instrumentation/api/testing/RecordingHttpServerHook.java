package dev.sonde.instrumentation.api.testing;

import dev.sonde.bootstrap.Hooks;
import dev.sonde.bootstrap.HttpServerHook;
import dev.sonde.bootstrap.HttpServerRequest;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link HttpServerHook} that records every call the advice makes, put into
 * {@link Hooks#httpServer} by {@link #install()} and taken out again by {@link #close()}.
 * {@code start} answers a new scope (a {@link Scope}) and {@code requestId} {@value #REQUEST_ID}.
 */
public final class RecordingHttpServerHook implements HttpServerHook, AutoCloseable {

  public static final String REQUEST_ID = "req-1";

  /** One call of the hook: its method's name and arguments. */
  public record Call(String method, List<Object> args) {
    public Object arg(int index) {
      return args.get(index);
    }
  }

  /** The scope {@code start} answered, with the arguments it was given. */
  public record Scope(int number, List<Object> startArgs) {}

  private final List<Call> calls = new CopyOnWriteArrayList<Call>();
  private HttpServerHook previous;

  public static RecordingHttpServerHook install() {
    RecordingHttpServerHook hook = new RecordingHttpServerHook();
    hook.previous = Hooks.httpServer;
    Hooks.httpServer = hook;
    return hook;
  }

  @Override
  public void close() {
    Hooks.httpServer = previous;
  }

  public List<Call> calls() {
    return Collections.unmodifiableList(new ArrayList<Call>(calls));
  }

  /** The calls of {@code method}, in order. */
  public List<Call> calls(String method) {
    List<Call> named = new ArrayList<Call>();
    for (Call call : calls) {
      if (call.method().equals(method)) {
        named.add(call);
      }
    }
    return named;
  }

  /** The method names called, in order. */
  public List<String> methods() {
    List<String> names = new ArrayList<String>();
    for (Call call : calls) {
      names.add(call.method());
    }
    return names;
  }

  private void record(String method, Object... args) {
    calls.add(new Call(method, Collections.unmodifiableList(Arrays.asList(args))));
  }

  @Override
  public Object start(HttpServerRequest request) {
    // The carrier is reused for the thread's next request: its fields are copied, in this order.
    Object[] args = {request.method, request.scheme, request.serverAddress, request.serverPort,
        request.path, request.query, request.protocol, request.clientAddress, request.userAgent,
        request.traceparent, request.tracestate, request.requestId};
    record("start", args);
    return new Scope(calls("start").size(), Collections.unmodifiableList(Arrays.asList(args)));
  }

  @Override
  public String requestId(Object scope) {
    record("requestId", scope);
    return REQUEST_ID;
  }

  @Override
  public void end(Object scope, int status, String route, Throwable error) {
    record("end", scope, status, route, error);
  }

  /** Answers a listener of {@code listenerType} that does nothing. */
  @Override
  public Object endAsync(Object scope, Class<?> listenerType, Object response) {
    record("endAsync", scope, listenerType, response);
    return Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] {listenerType},
        (proxy, method, methodArgs) -> method.getName().equals("toString") ? "listener" : null);
  }

  @Override
  public Object containerStarted() {
    record("containerStarted");
    return "container";
  }

  @Override
  public void containerEnded(Object started) {
    record("containerEnded", started);
  }
}

package dev.sonde.instrumentation.apache5;

import dev.sonde.bootstrap.HttpClientHook;
import dev.sonde.instrumentation.api.cache.WeakKeyMap;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * One request of the async client, and the {@code FutureCallback} the client completes in place
 * of the application's (this is the proxy's handler): {@code completed}, {@code failed} and
 * {@code cancelled} end the request, then call the application's callback, if it gave one, with
 * the same arguments; what that throws reaches the client as it would have.
 */
final class AsyncExchange implements InvocationHandler {

  private final HttpClientHook client;
  private final AsyncApi api;
  private final Object callback;
  private final Object context;
  /** The application's context when it called the client: the span's parent. */
  private final Context parent;
  /** The proxy standing for this exchange. */
  volatile Object proxy;
  /** The exchanges in flight, by their request's future; this one's entry goes when it ends. */
  private final WeakKeyMap<Object, AsyncExchange> inFlight;
  /** Its request's future, once an attempt or {@code doExecute}'s return tied it. */
  private volatile Object request;
  /** What the shared hook's {@code start} returned; null until the first attempt. */
  private volatile Object call;
  private volatile boolean started;

  AsyncExchange(HttpClientHook client, AsyncApi api, Object callback, Object context,
      Context parent, WeakKeyMap<Object, AsyncExchange> inFlight) {
    this.client = client;
    this.api = api;
    this.callback = callback;
    this.context = context;
    this.parent = parent;
    this.inFlight = inFlight;
  }

  /**
   * Ties this exchange to its request's future, where every attempt of the request finds it;
   * false when the table of requests in flight is full (the request is not recorded).
   */
  boolean bind(Object future) {
    if (request != null) {
      return request == future;
    }
    // The client makes the future per request: no other exchange is tied to it.
    if (!inFlight.put(future, this)) {
      return false;
    }
    request = future;
    return true;
  }

  /** The exchange {@code proxy} stands for, or null when it is not one of ours. */
  static AsyncExchange of(Object proxy) {
    if (proxy == null || !Proxy.isProxyClass(proxy.getClass())) {
      return null;
    }
    InvocationHandler handler = Proxy.getInvocationHandler(proxy);
    return handler instanceof AsyncExchange ? (AsyncExchange) handler : null;
  }

  /** An attempt leaves: the first starts the request; every one gets its headers. */
  String[] attempt(String method, String scheme, String host, int port, String target,
      boolean traceparentSet) {
    Object current = call;
    if (current == null && !started) {
      started = true;
      if (Context.current() == parent) {
        current = client.start(method, scheme, host, port, target, traceparentSet);
      } else {
        // The first attempt left from another thread (an exec interceptor deferred it).
        try (Scope ignored = parent.makeCurrent()) {
          current = client.start(method, scheme, host, port, target, traceparentSet);
        }
      }
      call = current;
    }
    return current == null ? null : client.headers(current);
  }

  /**
   * The request ended: {@code result} is what the client completed the future with (its
   * response, or a {@code Message} holding it, or what the application's consumer made of it),
   * {@code error} what it failed with. Recorded once.
   */
  void end(Object result, Throwable error) {
    Object future = request;
    if (future != null) {
      inFlight.remove(future);
    }
    Object current = call;
    if (current == null) {
      return; // failed before its first attempt: nothing known to record it by
    }
    Object response = error == null ? api.response(result, context) : null;
    if (response != null) {
      client.end(current, api.code(response), api.version(response), error);
    } else {
      client.end(current, 0, null, error);
    }
  }

  @Override
  public Object invoke(Object self, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (method.getDeclaringClass() == Object.class) {
      if (name.equals("equals")) {
        return self == args[0];
      }
      return name.equals("hashCode") ? System.identityHashCode(self) : "sonde:" + callback;
    }
    try {
      if (name.equals("completed")) {
        end(args[0], null);
      } else if (name.equals("failed")) {
        end(null, (Throwable) args[0]);
      } else if (name.equals("cancelled")) {
        end(null, null);
      }
    } catch (Throwable e) {
      // Never let the agent's bookkeeping change what the application's callback sees.
    }
    if (callback == null) {
      return null;
    }
    try {
      return method.invoke(callback, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}

package dev.sonde.instrumentation.api.http;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/**
 * The listener that ends an asynchronous request (Servlet {@code AsyncListener}), built as a
 * dynamic proxy in the servlet API's own class loader so the agent needs no class of its own
 * there. The events are read reflectively: this runs once per async request, not per call.
 *
 * <p>{@code onError}/{@code onTimeout} only remember what happened; the container always follows
 * with {@code onComplete}, which ends the request with the final status.
 */
final class AsyncCompletion implements InvocationHandler {

  private final HttpServerRecorder recorder;
  private final ServerRequest request;
  private final Object response;
  private volatile Throwable error;

  AsyncCompletion(HttpServerRecorder recorder, ServerRequest request, Object response) {
    this.recorder = recorder;
    this.request = request;
    this.response = response;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (method.getDeclaringClass() == Object.class) {
      if (name.equals("equals")) {
        return proxy == args[0];
      }
      return name.equals("hashCode") ? System.identityHashCode(proxy) : "sonde-async-listener";
    }
    try {
      Object event = args != null && args.length > 0 ? args[0] : null;
      if (name.equals("onComplete")) {
        recorder.finish(request, status(), null, error);
      } else if (name.equals("onError") || name.equals("onTimeout")) {
        Throwable thrown = event == null ? null : (Throwable) call(event, "getThrowable");
        if (thrown != null) {
          error = thrown;
        }
      } else if (name.equals("onStartAsync") && event != null) {
        // A new async cycle drops the registered listeners: register again.
        Object asyncContext = call(event, "getAsyncContext");
        Method add = publicMethod(asyncContext.getClass(), "addListener",
            method.getDeclaringClass());
        add.invoke(asyncContext, proxy);
      }
    } catch (Throwable t) {
      // Never let the agent's bookkeeping fail the application's request.
    }
    return null;
  }

  private int status() {
    try {
      Object status = call(response, "getStatus");
      return status instanceof Integer ? (Integer) status : 200;
    } catch (Throwable t) {
      return 200;
    }
  }

  private static Object call(Object target, String name) throws Exception {
    return publicMethod(target.getClass(), name).invoke(target);
  }

  /** The method as declared by a public type, so that it can be invoked on any implementation. */
  private static Method publicMethod(Class<?> type, String name, Class<?>... parameters)
      throws NoSuchMethodException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        try {
          return i.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
          // keep looking
        }
      }
    }
    return type.getMethod(name, parameters);
  }
}

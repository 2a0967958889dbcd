package dev.sonde.instrumentation.apache5;

import dev.sonde.bootstrap.HttpClientHook;
import dev.sonde.bootstrap.apache5.ApacheAsyncHook;
import io.opentelemetry.context.Context;
import java.lang.reflect.Proxy;

/**
 * The async client's hook: an {@link AsyncExchange} per request, behind a dynamic proxy of the
 * client's {@code FutureCallback} made in the client's own class loader (the agent has no class
 * there), recording through the HTTP clients' shared hook.
 */
final class ApacheAsyncRecorder implements ApacheAsyncHook {

  private static final ClassValue<AsyncApi> APIS = new ClassValue<AsyncApi>() {
    @Override
    protected AsyncApi computeValue(Class<?> callbackType) {
      return AsyncApi.of(callbackType);
    }
  };

  private final HttpClientHook client;

  ApacheAsyncRecorder(HttpClientHook client) {
    this.client = client;
  }

  @Override
  public Object execute(Class<?> callbackType, Object callback, Object context) {
    AsyncApi api = APIS.get(callbackType);
    if (api == null) {
      return null;
    }
    AsyncExchange exchange = new AsyncExchange(client, api, callback, context, Context.current());
    try {
      Object proxy = Proxy.newProxyInstance(callbackType.getClassLoader(),
          new Class<?>[] {callbackType}, exchange);
      exchange.proxy = proxy;
      return proxy;
    } catch (Throwable e) {
      return null;
    }
  }

  @Override
  public String[] attempt(Object exchange, String method, String scheme, String host, int port,
      String target, boolean traceparentSet) {
    AsyncExchange of = AsyncExchange.of(exchange);
    return of == null ? null
        : of.attempt(method, scheme, host, port, target, traceparentSet);
  }

  @Override
  public void thrown(Object exchange, Throwable error) {
    AsyncExchange of = AsyncExchange.of(exchange);
    if (of != null) {
      of.end(null, error);
    }
  }
}

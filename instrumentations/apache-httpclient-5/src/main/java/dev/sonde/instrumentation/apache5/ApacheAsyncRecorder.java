package dev.sonde.instrumentation.apache5;

import dev.sonde.bootstrap.HttpClientHook;
import dev.sonde.bootstrap.ThreadState;
import dev.sonde.bootstrap.apache5.ApacheAsyncHook;
import dev.sonde.instrumentation.api.cache.WeakKeyMap;
import io.opentelemetry.context.Context;
import java.lang.reflect.Proxy;

/**
 * The async client's hook: an {@link AsyncExchange} per request, behind a dynamic proxy of the
 * client's {@code FutureCallback} made in the client's own class loader (the agent has no class
 * there), recording through the HTTP clients' shared hook.
 *
 * <p>Attempts find their exchange by their request's future (weakly, by identity): retries and
 * redirect hops run on the client's own threads with the request's scope, whose
 * {@code HttpContext} the application may share between concurrent requests. The first attempt
 * runs inside {@code doExecute} on the application's thread, before the future is returned: it
 * takes the exchange that call left for it on its thread.
 */
final class ApacheAsyncRecorder implements ApacheAsyncHook {

  private static final ClassValue<AsyncApi> APIS = new ClassValue<AsyncApi>() {
    @Override
    protected AsyncApi computeValue(Class<?> callbackType) {
      return AsyncApi.of(callbackType);
    }
  };

  /** Requests in flight at once, at most; past it, a request is not recorded. */
  private static final int MAX_IN_FLIGHT = 100_000;

  private final HttpClientHook client;
  private final WeakKeyMap<Object, AsyncExchange> inFlight =
      new WeakKeyMap<Object, AsyncExchange>(MAX_IN_FLIGHT);
  // The exchange of the doExecute running on a thread, until an attempt takes it, is that
  // thread's ThreadState.httpClientSending.

  ApacheAsyncRecorder(HttpClientHook client) {
    this.client = client;
  }

  @Override
  public Object execute(Class<?> callbackType, Object callback, Object context) {
    AsyncApi api = APIS.get(callbackType);
    if (api == null) {
      return null;
    }
    AsyncExchange exchange =
        new AsyncExchange(client, api, callback, context, Context.current(), inFlight);
    try {
      Object proxy = Proxy.newProxyInstance(callbackType.getClassLoader(),
          new Class<?>[] {callbackType}, exchange);
      exchange.proxy = proxy;
      ThreadState.current().httpClientSending = exchange;
      return proxy;
    } catch (Throwable e) {
      return null;
    }
  }

  @Override
  public Object exchange(Object request) {
    if (request == null) {
      return null;
    }
    ThreadState state = ThreadState.current();
    if (state.httpClientSending instanceof AsyncExchange) {
      // The first attempt, inside doExecute.
      AsyncExchange pending = (AsyncExchange) state.httpClientSending;
      state.httpClientSending = null;
      return pending.bind(request) ? pending.proxy : null;
    }
    AsyncExchange exchange = inFlight.get(request);
    return exchange == null ? null : exchange.proxy;
  }

  @Override
  public String[] attempt(Object exchange, String method, String scheme, String host, int port,
      String target, boolean traceparentSet) {
    AsyncExchange of = AsyncExchange.of(exchange);
    return of == null ? null
        : of.attempt(method, scheme, host, port, target, traceparentSet);
  }

  @Override
  public void executed(Object exchange, Object future, Throwable error) {
    AsyncExchange of = AsyncExchange.of(exchange);
    if (of == null) {
      return;
    }
    ThreadState state = ThreadState.current();
    if (state.httpClientSending == of) {
      state.httpClientSending = null;
      if (error == null && future != null) {
        of.bind(future); // no attempt yet: the client deferred the first one
      }
    }
    if (error != null) {
      of.end(null, error);
    }
  }
}

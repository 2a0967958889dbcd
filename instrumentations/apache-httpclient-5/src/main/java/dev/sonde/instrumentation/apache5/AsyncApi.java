package dev.sonde.instrumentation.apache5;

import dev.sonde.instrumentation.api.reflect.LibraryMembers;
import java.lang.reflect.Method;

/**
 * The HttpCore 5 methods an {@link AsyncExchange} calls when its request ends, found once per
 * copy of the library (per class loader of its {@code FutureCallback}): the recorder cannot link
 * against the library.
 */
final class AsyncApi {

  private final Class<?> httpResponse;
  private final Class<?> message;
  private final Class<?> coreContext;
  private final Method code;
  private final Method version;
  private final Method head;
  private final Method contextResponse;

  private AsyncApi(ClassLoader loader) throws ClassNotFoundException {
    httpResponse = Class.forName("org.apache.hc.core5.http.HttpResponse", false, loader);
    message = Class.forName("org.apache.hc.core5.http.Message", false, loader);
    coreContext = Class.forName("org.apache.hc.core5.http.protocol.HttpCoreContext", false,
        loader);
    code = LibraryMembers.publicMethod(httpResponse, "getCode");
    version = LibraryMembers.publicMethod(httpResponse, "getVersion");
    head = LibraryMembers.publicMethod(message, "getHead");
    contextResponse = LibraryMembers.publicMethod(coreContext, "getResponse");
  }

  /** The methods of {@code callbackType}'s library; null when they are not all there. */
  static AsyncApi of(Class<?> callbackType) {
    try {
      AsyncApi api = new AsyncApi(callbackType.getClassLoader());
      return api.code == null ? null : api;
    } catch (Throwable e) {
      return null;
    }
  }

  /**
   * The response a request ended with: {@code result} itself ({@code SimpleHttpResponse}), the
   * head of a {@code Message} ({@code BasicResponseConsumer}'s), else the last response the
   * client put in the request's context (a consumer that makes something else of it); or null.
   */
  Object response(Object result, Object context) {
    if (httpResponse.isInstance(result)) {
      return result;
    }
    if (message.isInstance(result)) {
      Object found = LibraryMembers.invoke(head, result);
      if (httpResponse.isInstance(found)) {
        return found;
      }
    }
    Object found = coreContext.isInstance(context)
        ? LibraryMembers.invoke(contextResponse, context) : null;
    return httpResponse.isInstance(found) ? found : null;
  }

  int code(Object response) {
    Object value = LibraryMembers.invoke(code, response);
    return value instanceof Integer ? (Integer) value : 0;
  }

  /** The response's {@code ProtocolVersion} ({@code HTTP/1.1}), or null. */
  Object version(Object response) {
    return LibraryMembers.invoke(version, response);
  }
}

package dev.sonde.instrumentation.javahttpclient;

import java.lang.reflect.Method;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * The public {@code java.net.http} methods the recorder needs, found once by reflection: the
 * module is compiled for Java 8, where that package does not exist. Its methods are public
 * methods of an exported package, so calling them needs no access check to be opened.
 */
final class JavaHttpApi {

  private static final BiPredicate<String, String> ALL = new BiPredicate<String, String>() {
    @Override
    public boolean test(String name, String value) {
      return true;
    }
  };

  private final Method uri;
  private final Method method;
  private final Method requestHeaders;
  private final Method firstValue;
  private final Method map;
  private final Method headersOf;
  private final Method statusCode;
  private final Method version;

  private JavaHttpApi(Class<?> request, Class<?> headers, Class<?> response) throws Exception {
    this.uri = request.getMethod("uri");
    this.method = request.getMethod("method");
    this.requestHeaders = request.getMethod("headers");
    this.firstValue = headers.getMethod("firstValue", String.class);
    this.map = headers.getMethod("map");
    this.headersOf = headers.getMethod("of", Map.class, BiPredicate.class);
    this.statusCode = response.getMethod("statusCode");
    this.version = response.getMethod("version");
  }

  /** The methods, or null on a JDK without {@code java.net.http}. */
  static JavaHttpApi find() {
    try {
      // The platform loader's module, reached through the system loader (no Java 9 API here).
      ClassLoader jdk = ClassLoader.getSystemClassLoader();
      return new JavaHttpApi(Class.forName("java.net.http.HttpRequest", false, jdk),
          Class.forName("java.net.http.HttpHeaders", false, jdk),
          Class.forName("java.net.http.HttpResponse", false, jdk));
    } catch (Exception | LinkageError absent) {
      return null;
    }
  }

  URI uri(Object request) throws Exception {
    return (URI) uri.invoke(request);
  }

  String method(Object request) throws Exception {
    return (String) method.invoke(request);
  }

  /** Whether the application's request names {@code header} (any case). */
  boolean has(Object request, String header) throws Exception {
    Object headers = requestHeaders.invoke(request);
    return ((Optional<?>) firstValue.invoke(headers, header)).isPresent();
  }

  /** {@code headers} with {@code traceparent}, and {@code tracestate} unless null. */
  Object with(Object headers, String traceparent, String tracestate) throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, List<String>> old = (Map<String, List<String>>) map.invoke(headers);
    Map<String, List<String>> added =
        new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
    added.putAll(old);
    added.put(JavaHttpClientRecorder.TRACEPARENT, Collections.singletonList(traceparent));
    if (tracestate != null) {
      added.put(JavaHttpClientRecorder.TRACESTATE, Collections.singletonList(tracestate));
    }
    return headersOf.invoke(null, added, ALL);
  }

  int statusCode(Object response) throws Exception {
    return (Integer) statusCode.invoke(response);
  }

  /** {@code 1.1} or {@code 2}, from {@code HttpClient.Version}; null when unknown. */
  String protocolVersion(Object response) throws Exception {
    Object value = version.invoke(response);
    if (value == null) {
      return null;
    }
    String name = ((Enum<?>) value).name();
    return name.equals("HTTP_1_1") ? "1.1" : name.equals("HTTP_2") ? "2" : null;
  }
}

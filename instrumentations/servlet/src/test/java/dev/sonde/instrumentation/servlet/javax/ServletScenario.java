package dev.sonde.instrumentation.servlet.javax;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Run in the advice harness's loader, against the real servlet API: a real {@link HttpServlet}
 * (and, when asked, a real {@link Filter} in front of it) serves one GET of
 * {@code http://shop.example:8080/shop/orders/42?page=2} through {@code service}, with a request
 * and a response that answer from maps (the API is interfaces). Options: {@code status} (int,
 * what the servlet sets), {@code fail} (a message: the servlet throws a {@code ServletException}
 * wrapping an {@code IllegalStateException} with it), {@code filter} (true: through a filter
 * first), {@code pattern} (Spring's best matching pattern, set by the servlet). Answers the
 * response headers, and {@code thrown}: what escaped {@code service}.
 */
public class ServletScenario implements Function<Map<String, Object>, Map<String, Object>> {

  /** The application's servlet. */
  public static final class OrderServlet extends HttpServlet {
    private final Map<String, Object> options;

    OrderServlet(Map<String, Object> options) {
      this.options = options;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws ServletException {
      if (options.containsKey("pattern")) {
        request.setAttribute(ServletAdvice.SPRING_PATTERN, options.get("pattern"));
      }
      if (options.containsKey("fail")) {
        throw new ServletException("Request processing failed",
            new IllegalStateException((String) options.get("fail")));
      }
      response.setStatus((Integer) options.getOrDefault("status", 200));
    }
  }

  /** A filter that passes the request on to the servlet. */
  public static final class PassingFilter implements Filter {
    @Override
    public void init(FilterConfig config) {}

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      chain.doFilter(request, response);
    }

    @Override
    public void destroy() {}
  }

  @Override
  public Map<String, Object> apply(Map<String, Object> options) {
    Map<String, Object> attributes = new HashMap<>();
    Map<String, String> requestHeaders = Map.of("User-Agent", "curl/8.5",
        "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    Map<String, Object> result = new HashMap<>();
    Map<String, String> responseHeaders = new HashMap<>();
    int[] status = {200};
    HttpServletRequest request = proxy(HttpServletRequest.class, (proxy, method, args) -> {
      switch (method.getName()) {
        case "getMethod": return "GET";
        case "getScheme": return "http";
        case "getServerName": return "shop.example";
        case "getServerPort": return 8080;
        case "getRequestURI": return "/shop/orders/42";
        case "getContextPath": return "/shop";
        case "getServletPath": return "/orders/42";
        case "getQueryString": return "page=2";
        case "getProtocol": return "HTTP/1.1";
        case "getRemoteAddr": return "10.0.0.7";
        case "getHeader": return requestHeaders.get((String) args[0]);
        case "getAttribute": return attributes.get((String) args[0]);
        case "setAttribute": attributes.put((String) args[0], args[1]); return null;
        case "removeAttribute": attributes.remove((String) args[0]); return null;
        case "isAsyncStarted": return false;
        case "getDateHeader": return -1L;
        default: return defaultValue(method.getReturnType());
      }
    });
    HttpServletResponse response = proxy(HttpServletResponse.class, (proxy, method, args) -> {
      switch (method.getName()) {
        case "setHeader": responseHeaders.put((String) args[0], (String) args[1]); return null;
        case "setStatus": status[0] = (Integer) args[0]; return null;
        case "getStatus": return status[0];
        default: return defaultValue(method.getReturnType());
      }
    });
    OrderServlet servlet = new OrderServlet(options);
    try {
      if (Boolean.TRUE.equals(options.get("filter"))) {
        new PassingFilter().doFilter(request, response, servlet::service);
      } else {
        servlet.service(request, response);
      }
    } catch (Exception e) {
      result.put("thrown", e);
    }
    result.put("headers", responseHeaders);
    return result;
  }

  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        handler));
  }

  private static Object defaultValue(Class<?> type) {
    if (type == boolean.class) {
      return false;
    } else if (type == int.class) {
      return 0;
    } else if (type == long.class) {
      return 0L;
    }
    return null;
  }
}

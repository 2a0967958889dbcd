package dev.sonde.instrumentation.apache5;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * An application's use of Apache HttpClient 5 classic, run in the advice harness's loader: a GET
 * of {@code url}, {@code times} times with the same request object, with the application's own
 * {@code traceparent} and {@code tracestate} when given; a request interceptor of the client reads
 * the application's request object while it is being sent.
 */
public class ApacheHttpClient5Scenario implements Function<Map<String, Object>,
    Map<String, Object>> {

  @Override
  @SuppressWarnings("deprecation") // execute(request): the call most applications still make
  public Map<String, Object> apply(Map<String, Object> in) {
    Map<String, Object> out = new HashMap<>();
    HttpGet get = new HttpGet((String) in.get("url"));
    if (in.containsKey("traceparent")) {
      get.setHeader("traceparent", in.get("traceparent"));
    }
    if (in.containsKey("tracestate")) {
      get.setHeader("tracestate", in.get("tracestate"));
    }
    int times = (Integer) in.getOrDefault("times", 1);
    try (CloseableHttpClient client = HttpClients.custom().addRequestInterceptorLast(
        (request, entity, context) -> out.put("appRequestTraceparentWhileSent",
            header(get, "traceparent"))).build()) {
      for (int i = 0; i < times; i++) {
        try (CloseableHttpResponse response = client.execute(get)) {
          EntityUtils.consume(response.getEntity());
          out.put("status", response.getCode());
        }
      }
    } catch (Exception e) {
      out.put("thrown", e);
    }
    out.put("appRequestTraceparent", header(get, "traceparent"));
    out.put("appRequestTracestate", header(get, "tracestate"));
    return out;
  }

  private static String header(HttpRequest request, String name) {
    Header header = request.getFirstHeader(name);
    return header == null ? null : header.getValue();
  }
}

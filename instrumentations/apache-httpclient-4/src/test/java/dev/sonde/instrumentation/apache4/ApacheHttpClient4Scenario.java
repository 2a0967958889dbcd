package dev.sonde.instrumentation.apache4;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.http.Header;
import org.apache.http.HttpRequest;
import org.apache.http.HttpRequestInterceptor;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * An application's use of Apache HttpClient 4, run in the advice harness's loader: a GET of
 * {@code url}, {@code times} times with the same request object, with the application's own
 * {@code traceparent} and {@code tracestate} when given; a request interceptor of the client reads
 * the application's request object while it is being sent.
 */
public class ApacheHttpClient4Scenario implements Function<Map<String, Object>,
    Map<String, Object>> {

  @Override
  public Map<String, Object> apply(Map<String, Object> in) {
    Map<String, Object> out = new HashMap<>();
    HttpGet get = new HttpGet((String) in.get("url"));
    if (in.containsKey("traceparent")) {
      get.setHeader("traceparent", (String) in.get("traceparent"));
    }
    if (in.containsKey("tracestate")) {
      get.setHeader("tracestate", (String) in.get("tracestate"));
    }
    int times = (Integer) in.getOrDefault("times", 1);
    try (CloseableHttpClient client = HttpClients.custom().addInterceptorLast(
        (HttpRequestInterceptor) (request, context) -> out.put("appRequestTraceparentWhileSent",
            header(get, "traceparent"))).build()) {
      for (int i = 0; i < times; i++) {
        try (CloseableHttpResponse response = client.execute(get)) {
          EntityUtils.consume(response.getEntity());
          out.put("status", response.getStatusLine().getStatusCode());
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

package dev.sonde.instrumentation.apache5;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * An application's use of Apache HttpClient 5 classic, run in the advice harness's loader: a GET
 * of {@code url}, {@code times} times with the same request object, with the application's own
 * {@code traceparent} when given.
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
    int times = (Integer) in.getOrDefault("times", 1);
    try (CloseableHttpClient client = HttpClients.createDefault()) {
      for (int i = 0; i < times; i++) {
        try (CloseableHttpResponse response = client.execute(get)) {
          EntityUtils.consume(response.getEntity());
          out.put("status", response.getCode());
        }
      }
    } catch (Exception e) {
      out.put("thrown", e);
    }
    out.put("appRequestTraceparent", get.getFirstHeader("traceparent") == null ? null
        : get.getFirstHeader("traceparent").getValue());
    return out;
  }
}

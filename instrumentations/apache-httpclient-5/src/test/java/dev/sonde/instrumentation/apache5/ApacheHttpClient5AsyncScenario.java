package dev.sonde.instrumentation.apache5;

import java.io.IOException;
import java.nio.ByteBuffer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.nio.entity.StringAsyncEntityConsumer;
import org.apache.hc.core5.http.nio.support.BasicResponseConsumer;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * An application's use of Apache HttpClient 5 async, run in the advice harness's loader: a GET of
 * {@code url}, {@code times} times with the same request object, each waited for through the
 * application's own {@code FutureCallback}, with the application's own {@code traceparent} when
 * given. {@code form} picks the call: {@code simple} ({@code execute(SimpleHttpRequest,
 * callback)}), {@code producer} ({@code SimpleRequestProducer} and {@code SimpleResponseConsumer}),
 * {@code message} ({@code BasicResponseConsumer}: a {@code Message}) or {@code body} (a consumer
 * of the application's that answers only the body text); {@code ownContext} passes an
 * {@code HttpClientContext} of the application's. With {@code callers}, one request per context
 * in it, sent all at once (each from its caller's context) with one {@code HttpClientContext}
 * shared between them.
 */
@SuppressWarnings("unchecked")
public class ApacheHttpClient5AsyncScenario implements Function<Map<String, Object>,
    Map<String, Object>> {

  @Override
  public Map<String, Object> apply(Map<String, Object> in) {
    if (in.containsKey("callers")) {
      return concurrent((String) in.get("url"), (List<Context>) in.get("callers"));
    }
    Map<String, Object> out = new HashMap<>();
    SimpleHttpRequest request = SimpleHttpRequest.create("GET", (String) in.get("url"));
    if (in.containsKey("traceparent")) {
      request.setHeader("traceparent", in.get("traceparent"));
    }
    String form = (String) in.getOrDefault("form", "simple");
    int times = (Integer) in.getOrDefault("times", 1);
    HttpClientContext context = in.containsKey("ownContext") ? HttpClientContext.create() : null;
    out.put("callerThread", Thread.currentThread().getName());
    try (CloseableHttpAsyncClient client = HttpAsyncClients.createDefault()) {
      client.start();
      for (int i = 0; i < times; i++) {
        CountDownLatch done = new CountDownLatch(1);
        FutureCallback<Object> callback = new FutureCallback<Object>() {
          @Override
          public void completed(Object result) {
            out.put("status", status(result));
            out.put("callbackThread", Thread.currentThread().getName());
            done.countDown();
          }

          @Override
          public void failed(Exception e) {
            out.put("thrown", e);
            out.put("callbackThread", Thread.currentThread().getName());
            done.countDown();
          }

          @Override
          public void cancelled() {
            out.put("cancelled", true);
            done.countDown();
          }
        };
        execute(client, form, request, context, callback);
        if (!done.await(10, TimeUnit.SECONDS)) {
          out.put("timedOut", true);
        }
      }
    } catch (Exception e) {
      out.put("closeFailed", e);
    }
    out.put("appRequestTraceparent", request.getFirstHeader("traceparent") == null ? null
        : request.getFirstHeader("traceparent").getValue());
    out.put("appRequestHeaders", request.getHeaders().length);
    return out;
  }

  private static Map<String, Object> concurrent(String url, List<Context> callers) {
    Map<String, Object> out = new HashMap<>();
    HttpClientContext shared = HttpClientContext.create();
    try (CloseableHttpAsyncClient client = HttpAsyncClients.createDefault()) {
      client.start();
      List<Future<SimpleHttpResponse>> responses = new ArrayList<>();
      for (Context caller : callers) {
        try (Scope ignored = caller.makeCurrent()) {
          responses.add(client.execute(SimpleHttpRequest.create("GET", url), shared, null));
        }
      }
      for (int i = 0; i < responses.size(); i++) {
        out.put("status" + i, responses.get(i).get(10, TimeUnit.SECONDS).getCode());
      }
    } catch (Exception e) {
      out.put("thrown", e);
    }
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void execute(CloseableHttpAsyncClient client, String form,
      SimpleHttpRequest request, HttpContext context, FutureCallback callback) {
    switch (form) {
      case "simple":
        client.execute(request, context, callback);
        break;
      case "producer":
        client.execute(SimpleRequestProducer.create(request), SimpleResponseConsumer.create(),
            context, callback);
        break;
      case "message":
        client.execute(SimpleRequestProducer.create(request),
            new BasicResponseConsumer<>(new StringAsyncEntityConsumer()), context, callback);
        break;
      default:
        client.execute(SimpleRequestProducer.create(request), new BodyOnly(), context, callback);
    }
  }

  private static Object status(Object result) {
    if (result instanceof SimpleHttpResponse) {
      return ((SimpleHttpResponse) result).getCode();
    }
    if (result instanceof Message) {
      return ((HttpResponse) ((Message<?, ?>) result).getHead()).getCode();
    }
    return result; // the body text: "status 200"
  }

  /** A consumer of the application's whose result is not a response: the body text only. */
  static final class BodyOnly implements AsyncResponseConsumer<String> {

    private final AsyncResponseConsumer<SimpleHttpResponse> inner =
        SimpleResponseConsumer.create();

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entityDetails,
        HttpContext context, FutureCallback<String> resultCallback)
        throws HttpException, IOException {
      inner.consumeResponse(response, entityDetails, context,
          new FutureCallback<SimpleHttpResponse>() {
            @Override
            public void completed(SimpleHttpResponse result) {
              resultCallback.completed(result.getBodyText());
            }

            @Override
            public void failed(Exception e) {
              resultCallback.failed(e);
            }

            @Override
            public void cancelled() {
              resultCallback.cancelled();
            }
          });
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context)
        throws HttpException, IOException {
      inner.informationResponse(response, context);
    }

    @Override
    public void failed(Exception cause) {
      inner.failed(cause);
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
      inner.updateCapacity(capacityChannel);
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
      inner.consume(src);
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) throws HttpException, IOException {
      inner.streamEnd(trailers);
    }

    @Override
    public void releaseResources() {
      inner.releaseResources();
    }
  }
}

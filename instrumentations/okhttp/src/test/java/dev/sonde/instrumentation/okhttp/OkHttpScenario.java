package dev.sonde.instrumentation.okhttp;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * An application's use of OkHttp, run in the advice harness's loader: {@code mode} is
 * {@code execute}, {@code enqueue} or {@code enqueueEach} (one call enqueued in each context of
 * {@code callers}, all at once: out {@code callbackTraceId<i>} per caller); {@code url},
 * optionally {@code traceparent} (the application's own) and {@code interceptor} (an application
 * interceptor in front).
 */
@SuppressWarnings("unchecked")
public class OkHttpScenario implements java.util.function.Function<Map<String, Object>,
    Map<String, Object>> {

  @Override
  public Map<String, Object> apply(Map<String, Object> in) {
    Map<String, Object> out = Collections.synchronizedMap(new HashMap<>());
    // The executors instrumentation carries the caller's context to the dispatcher's threads in
    // the agent; here the pool does it itself.
    ExecutorService pool = Context.taskWrapping(Executors.newCachedThreadPool());
    OkHttpClient.Builder builder = new OkHttpClient.Builder().dispatcher(new Dispatcher(pool));
    if (Boolean.TRUE.equals(in.get("interceptor"))) {
      builder.addInterceptor(chain -> {
        out.put("interceptorSaw", chain.request().header("traceparent"));
        return chain.proceed(chain.request());
      });
    }
    OkHttpClient client = builder.build();
    Request.Builder request = new Request.Builder().url((String) in.get("url"));
    if (in.containsKey("traceparent")) {
      request.header("traceparent", (String) in.get("traceparent"));
    }
    Request sent = request.build();
    try {
      if ("enqueue".equals(in.get("mode"))) {
        enqueue(client, sent, out);
      } else if ("enqueueEach".equals(in.get("mode"))) {
        enqueueEach(client, sent, (List<Context>) in.get("callers"), out);
      } else {
        try (Response response = client.newCall(sent).execute()) {
          out.put("status", response.code());
        }
      }
    } catch (Exception e) {
      out.put("thrown", e);
    } finally {
      pool.shutdown();
    }
    out.put("appRequestTraceparent", sent.header("traceparent"));
    return out;
  }

  /** More calls to one host than the dispatcher runs at once: the rest wait in its queue. */
  private static void enqueueEach(OkHttpClient client, Request sent, List<Context> callers,
      Map<String, Object> out) throws Exception {
    CountDownLatch done = new CountDownLatch(callers.size());
    for (int i = 0; i < callers.size(); i++) {
      String key = "callbackTraceId" + i;
      try (Scope ignored = callers.get(i).makeCurrent()) {
        client.newCall(sent).enqueue(new Callback() {
          @Override
          public void onFailure(Call call, IOException e) {
            out.put(key, e);
            done.countDown();
          }

          @Override
          public void onResponse(Call call, Response response) {
            out.put(key, Span.current().getSpanContext().getTraceId());
            response.close();
            done.countDown();
          }
        });
      }
    }
    out.put("allDone", done.await(20, TimeUnit.SECONDS));
  }

  private static void enqueue(OkHttpClient client, Request sent, Map<String, Object> out)
      throws Exception {
    CompletableFuture<Object> done = new CompletableFuture<>();
    client.newCall(sent).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        out.put("callbackTraceId", Span.current().getSpanContext().getTraceId());
        done.complete(e);
      }

      @Override
      public void onResponse(Call call, Response response) {
        out.put("callbackTraceId", Span.current().getSpanContext().getTraceId());
        out.put("callbackThread", Thread.currentThread().getName());
        response.close();
        done.complete(response.code());
      }
    });
    Object result = done.get(10, TimeUnit.SECONDS);
    out.put(result instanceof Integer ? "status" : "thrown", result);
  }
}

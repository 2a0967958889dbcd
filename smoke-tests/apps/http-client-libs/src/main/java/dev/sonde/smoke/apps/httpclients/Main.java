package dev.sonde.smoke.apps.httpclients;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two services in one jar ({@code -Dapp.role}): the {@code callee} answers every request with its
 * path and the {@code traceparent} it received, and logs "answering &lt;path&gt;" through SLF4J
 * (Logback, to {@code -Dapp.log.file}); the {@code caller} answers
 * {@code /call/<client>/<path>} by calling the callee ({@code -Dapp.callee.url}) at
 * {@code <path>} with that client ({@code okhttp}, {@code okhttp-async}, {@code apache4},
 * {@code apache5}, {@code apache5-async}: {@code CloseableHttpAsyncClient.execute} with a
 * {@code SimpleRequestProducer} and a {@code FutureCallback}) and answering with the callee's
 * status and body, or with 502 and the class of what the client threw. Request headers of the
 * caller: {@code X-Target} (a base URL to call instead of the callee), {@code X-Own-Traceparent}
 * (a traceparent the app sets itself).
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final OkHttpClient OKHTTP = new OkHttpClient();
  private static final org.apache.http.impl.client.CloseableHttpClient APACHE4 =
      org.apache.http.impl.client.HttpClients.createDefault();
  private static final org.apache.hc.client5.http.impl.classic.CloseableHttpClient APACHE5 =
      org.apache.hc.client5.http.impl.classic.HttpClients.createDefault();

  private static final org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient
      APACHE5_ASYNC = org.apache.hc.client5.http.impl.async.HttpAsyncClients.createDefault();

  private static String callee;

  private Main() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String role = System.getProperty("app.role", "caller");
    callee = System.getProperty("app.callee.url");
    APACHE5_ASYNC.start();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.createContext("/", role.equals("callee") ? Main::answer : Main::call);
    ExecutorService executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop(0);
      executor.shutdownNow();
    }));
  }

  private static void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    int status = path.startsWith("/status/") ? Integer.parseInt(path.substring(8)) : 200;
    LOG.info("answering {}", path);
    respond(exchange, status, path + " traceparent="
        + exchange.getRequestHeaders().getFirst("traceparent"));
  }

  private static void call(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!path.startsWith("/call/")) {
      respond(exchange, path.equals("/") ? 200 : 404, "caller");
      return;
    }
    String rest = path.substring("/call/".length());
    int slash = rest.indexOf('/');
    String client = slash < 0 ? rest : rest.substring(0, slash);
    String query = exchange.getRequestURI().getRawQuery();
    String target = exchange.getRequestHeaders().getFirst("X-Target");
    String own = exchange.getRequestHeaders().getFirst("X-Own-Traceparent");
    String url = (target != null ? target : callee) + (slash < 0 ? "/" : rest.substring(slash))
        + (query == null ? "" : "?" + query);
    try {
      String[] result = send(client, url, own);
      respond(exchange, 200, result[0] + " " + result[1]);
    } catch (Exception e) {
      respond(exchange, 502, e.getClass().getName());
    }
  }

  /** The callee's status and body. */
  private static String[] send(String client, String url, String own) throws Exception {
    Request.Builder okRequest = new Request.Builder().url(url);
    if (own != null) {
      okRequest.header("traceparent", own);
    }
    switch (client) {
      case "okhttp":
        try (Response response = OKHTTP.newCall(okRequest.build()).execute()) {
          return new String[] {String.valueOf(response.code()), response.body().string()};
        }
      case "okhttp-async":
        CompletableFuture<String[]> done = new CompletableFuture<>();
        OKHTTP.newCall(okRequest.build()).enqueue(new Callback() {
          @Override
          public void onFailure(Call call, IOException e) {
            done.completeExceptionally(e);
          }

          @Override
          public void onResponse(Call call, Response response) throws IOException {
            try (Response r = response) {
              done.complete(new String[] {String.valueOf(r.code()), r.body().string()});
            }
          }
        });
        try {
          return done.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          // What the callback got, as an app would report it.
          throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
      case "apache4":
        org.apache.http.client.methods.HttpGet get4 =
            new org.apache.http.client.methods.HttpGet(url);
        if (own != null) {
          get4.setHeader("traceparent", own);
        }
        try (org.apache.http.client.methods.CloseableHttpResponse response =
            APACHE4.execute(get4)) {
          return new String[] {String.valueOf(response.getStatusLine().getStatusCode()),
              org.apache.http.util.EntityUtils.toString(response.getEntity())};
        }
      case "apache5":
        org.apache.hc.client5.http.classic.methods.HttpGet get5 =
            new org.apache.hc.client5.http.classic.methods.HttpGet(url);
        if (own != null) {
          get5.setHeader("traceparent", own);
        }
        return APACHE5.execute(get5,
            response -> new String[] {String.valueOf(response.getCode()),
                org.apache.hc.core5.http.io.entity.EntityUtils.toString(response.getEntity())});
      case "apache5-async":
        return sendAsync5(url, own);
      default:
        throw new IllegalArgumentException(client);
    }
  }

  /** Apache HttpClient 5 async: the response or failure arrives on the client's own thread. */
  private static String[] sendAsync5(String url, String own) throws Exception {
    org.apache.hc.client5.http.async.methods.SimpleHttpRequest request =
        org.apache.hc.client5.http.async.methods.SimpleHttpRequest.create("GET", url);
    if (own != null) {
      request.setHeader("traceparent", own);
    }
    CompletableFuture<String[]> done = new CompletableFuture<>();
    APACHE5_ASYNC.execute(
        org.apache.hc.client5.http.async.methods.SimpleRequestProducer.create(request),
        org.apache.hc.client5.http.async.methods.SimpleResponseConsumer.create(),
        new org.apache.hc.core5.concurrent.FutureCallback<
            org.apache.hc.client5.http.async.methods.SimpleHttpResponse>() {
          @Override
          public void completed(org.apache.hc.client5.http.async.methods.SimpleHttpResponse r) {
            done.complete(new String[] {String.valueOf(r.getCode()), r.getBodyText()});
          }

          @Override
          public void failed(Exception e) {
            done.completeExceptionally(e);
          }

          @Override
          public void cancelled() {
            done.cancel(false);
          }
        });
    try {
      return done.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      // What the callback got, as an app would report it.
      throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}

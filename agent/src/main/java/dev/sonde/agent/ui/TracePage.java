package dev.sonde.agent.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.sonde.agent.health.HealthChecks;
import dev.sonde.agent.json.JsonText;
import dev.sonde.agent.export.ExportStatus;
import dev.sonde.agent.trace.SpanQueue;
import dev.sonde.instrumentation.api.diagnostics.AgentLog;
import dev.sonde.instrumentation.api.metrics.StripedCounter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The trace page ({@code sonde.ui.enabled}): {@code /} of the metrics port serves one
 * self-contained HTML page (its script and style inline, nothing fetched from elsewhere), which
 * reads the JSON under {@code /api/}:
 *
 * <ul>
 *   <li>{@code /api/summary}: the service, rate, errors and p95 per endpoint over the window,
 *       the dependencies with their health status;
 *   <li>{@code /api/traces}: the most recent and the slowest traces kept;
 *   <li>{@code /api/traces/<trace id>}: one trace's spans with their attributes.
 * </ul>
 *
 * Its spans come through a queue of their own ({@link #queue}, dropped when full, like the
 * exporters'), drained by its own thread into a {@link TraceRing}; when the page is off none of
 * this exists and ended spans skip it.
 */
public final class TracePage implements HttpHandler {

  /** The most a page keeps of its traces, as {@link KeptSpan#bytes} estimates them. */
  public static final long MAX_BYTES = 8L << 20;
  static final long DELAY_MILLIS = 500;
  static final int BATCH = 512;
  private static final String API = "/api/";
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

  private final String serviceName;
  private final TraceRing ring;
  private final EndpointWindows endpoints;
  private final PageSpanExport export;
  private SpanQueue<SpanData> queue;
  private StripedCounter.Child missed;
  private final byte[] html;
  private volatile HealthChecks health;

  /** Without a queue: {@link #keep} is all that feeds it. */
  TracePage(String serviceName, TraceRing ring, EndpointWindows endpoints, byte[] html) {
    this.serviceName = serviceName;
    this.ring = ring;
    this.endpoints = endpoints;
    this.export = new PageSpanExport(ring, endpoints);
    this.html = html;
  }

  /**
   * @param traces how many recent traces to keep ({@code sonde.ui.traces})
   * @param queueSize ended spans waiting for the page's thread; beyond, dropped
   * @param windowMillis the window of the endpoints' figures (the health window)
   */
  public static TracePage start(String serviceName, int traces, int queueSize,
      long windowMillis) throws IOException {
    TracePage page = new TracePage(serviceName, new TraceRing(traces, MAX_BYTES),
        new EndpointWindows(windowMillis), html());
    // Not the exporters' counters: what the page misses is no span lost to the collector.
    page.missed = StripedCounter.build("sonde_ui_unserved", "not registered").create().labels();
    page.queue = new SpanQueue<SpanData>("sonde-ui", page.export, queueSize, BATCH, DELAY_MILLIS,
        1000, page.missed, page.missed, new ExportStatus());
    return page;
  }

  /** What the page's thread does with a batch of ended spans: keeps them for the page. */
  void keep(List<SpanData> spans) {
    export.send(spans);
  }

  static byte[] html() throws IOException {
    InputStream in = TracePage.class.getResourceAsStream("trace-page.html");
    if (in == null) {
      throw new IOException("trace-page.html is missing from the agent's jar");
    }
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 * 1024);
      byte[] buffer = new byte[8192];
      int read;
      while ((read = in.read(buffer)) > 0) {
        bytes.write(buffer, 0, read);
      }
      return bytes.toByteArray();
    } finally {
      in.close();
    }
  }

  /** The tracer gives this queue every ended sampled span; null in tests that feed the ring. */
  public SpanQueue<?> queue() {
    return queue;
  }

  /** Ended spans the page did not get: its queue was full. */
  public long spansMissed() {
    return missed == null ? 0 : missed.get();
  }

  /** The health checks whose dependency statuses the page shows; none: the health is off. */
  public void health(HealthChecks checks) {
    this.health = checks;
  }

  /** At JVM exit. */
  public void stop() {
    if (queue != null) {
      queue.shutdown();
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "application/json", json("error", "method not allowed"));
      } else if (path.equals("/")) {
        send(exchange, 200, "text/html", html);
      } else if (path.equals(API + "summary")) {
        send(exchange, 200, "application/json", JsonText.of(summary())
            .getBytes(StandardCharsets.UTF_8));
      } else if (path.equals(API + "traces")) {
        send(exchange, 200, "application/json", JsonText.of(PageJson.traces(ring))
            .getBytes(StandardCharsets.UTF_8));
      } else if (path.startsWith(API + "traces/")) {
        String id = path.substring((API + "traces/").length());
        KeptTrace trace = TRACE_ID.matcher(id).matches() ? ring.trace(id) : null;
        List<KeptSpan> spans = trace == null ? null : ring.spans(id);
        if (spans == null) {
          send(exchange, 404, "application/json", json("error", "no such trace kept"));
        } else {
          send(exchange, 200, "application/json", JsonText.of(PageJson.trace(trace, spans))
              .getBytes(StandardCharsets.UTF_8));
        }
      } else {
        send(exchange, 404, "application/json", json("error", "not found"));
      }
    } catch (RuntimeException e) {
      AgentLog.debug("Trace page failed", e);
      exchange.sendResponseHeaders(500, -1);
    } finally {
      exchange.close();
    }
  }

  /** What {@code /api/summary} answers. */
  Map<String, Object> summary() {
    Map<String, Object> json = new LinkedHashMap<String, Object>();
    json.put("service", serviceName);
    json.put("window_ms", endpoints.windowMillis());
    json.put("endpoints", endpoints.json());
    HealthChecks checks = health;
    json.put("health", checks != null);
    json.put("dependencies", checks == null ? null : checks.dependencies());
    json.put("kept_bytes", ring.bytes());
    json.put("traces_passed_over", ring.passedOver());
    json.put("spans_missed", spansMissed());
    json.put("max_bytes", MAX_BYTES);
    return json;
  }

  private static byte[] json(String key, String value) {
    Map<String, Object> json = new LinkedHashMap<String, Object>();
    json.put(key, value);
    return JsonText.of(json).getBytes(StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    // The page loads nothing from anywhere else, and the browser is told so.
    exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none';"
        + " script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self';"
        + " img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    OutputStream out = exchange.getResponseBody();
    out.write(body);
    out.flush();
  }
}

package dev.sonde.agent.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.sonde.bootstrap.Hooks;
import dev.sonde.instrumentation.api.diagnostics.AgentLog;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * {@code /health} (the report), {@code /health/live} (200 while the JVM runs) and
 * {@code /health/ready} (the report; 503 while unhealthy), on the metrics port's server or on a
 * server of their own ({@code sonde.health.port}).
 */
public final class HealthEndpoint {

  private HealthEndpoint() {}

  /** The handlers by path, for the metrics server to serve beside {@code /metrics}. */
  public static Map<String, HttpHandler> handlers(HealthSettings settings,
      final HealthChecks checks) {
    Map<String, HttpHandler> handlers = new LinkedHashMap<String, HttpHandler>();
    handlers.put(settings.path, report(settings.path, checks));
    handlers.put(settings.livePath, new Handler(settings.livePath) {
      @Override
      Answer answer() {
        // Nothing to check: that this thread answers is the liveness.
        return new Answer(200, "{\"status\":\"alive\",\"timestamp\":\""
            + HealthReport.timestamp(System.currentTimeMillis()) + "\"}");
      }
    });
    // Readiness is the report itself: its status code says whether to send traffic.
    handlers.put(settings.readyPath, report(settings.readyPath, checks));
    return handlers;
  }

  private static Handler report(String path, final HealthChecks checks) {
    return new Handler(path) {
      @Override
      Answer answer() {
        HealthReport report = checks.run();
        return new Answer(report.httpStatus(), report.json());
      }
    };
  }

  /**
   * A server of their own on {@code host:settings.port}, with one daemon thread.
   *
   * @return the running server, or null when the port could not be bound (one ERROR line)
   */
  public static HttpServer startOwnServer(String host, HealthSettings settings,
      HealthChecks checks) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, settings.port), 16);
      // Requests to the agent's own endpoints are not the application's.
      Hooks.agentHealthServer = server;
      for (Map.Entry<String, HttpHandler> handler : handlers(settings, checks).entrySet()) {
        server.createContext(handler.getKey(), handler.getValue());
      }
      server.setExecutor(Executors.newSingleThreadExecutor(new ThreadFactory() {
        @Override
        public Thread newThread(Runnable task) {
          Thread thread = new Thread(task, "sonde-health");
          thread.setDaemon(true);
          return thread;
        }
      }));
      server.start();
      return server;
    } catch (BindException e) {
      AgentLog.error("Health port " + host + ":" + settings.port + " is not available ("
          + e.getMessage() + "); set " + HealthSettings.PORT + " to a free port, or leave it"
          + " unset to serve the health endpoints on the metrics port.");
    } catch (IOException e) {
      AgentLog.error("Health endpoint " + host + ":" + settings.port + " did not start (" + e
          + "); check " + HealthSettings.PORT + ".");
    }
    return null;
  }

  /** Stops a server of their own, at once (the JVM is exiting). */
  public static void stop(HttpServer server) {
    server.stop(0);
    if (server.getExecutor() instanceof ExecutorService) {
      ((ExecutorService) server.getExecutor()).shutdownNow();
    }
  }

  /** An answer: status code and JSON body. */
  static final class Answer {
    final int status;
    final String json;

    Answer(int status, String json) {
      this.status = status;
      this.json = json;
    }
  }

  /**
   * Answers GET and HEAD on exactly its path (a context also receives the paths it prefixes:
   * {@code /healthz} reaches the {@code /health} context) with JSON that no cache keeps.
   */
  abstract static class Handler implements HttpHandler {
    private final String path;

    Handler(String path) {
      this.path = path;
    }

    abstract Answer answer();

    @Override
    public void handle(HttpExchange exchange) throws IOException {
      try {
        String method = exchange.getRequestMethod();
        Answer answer;
        if (!path.equals(exchange.getRequestURI().getPath())) {
          answer = new Answer(404, "{\"error\":\"not found\"}");
        } else if (!method.equals("GET") && !method.equals("HEAD")) {
          exchange.getResponseHeaders().set("Allow", "GET, HEAD");
          answer = new Answer(405, "{\"error\":\"method not allowed\"}");
        } else {
          answer = answer();
        }
        byte[] body = answer.json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (method.equals("HEAD")) {
          exchange.sendResponseHeaders(answer.status, -1);
        } else {
          exchange.sendResponseHeaders(answer.status, body.length);
          OutputStream out = exchange.getResponseBody();
          out.write(body);
          out.flush();
        }
      } catch (RuntimeException e) {
        AgentLog.debug("Health endpoint failed", e);
        exchange.sendResponseHeaders(500, -1);
      } finally {
        exchange.close();
      }
    }
  }
}

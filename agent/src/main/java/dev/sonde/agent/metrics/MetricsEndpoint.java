package dev.sonde.agent.metrics;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.sonde.bootstrap.Hooks;
import dev.sonde.instrumentation.api.diagnostics.AgentLog;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Predicate;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Serves the agent's registry at {@code /metrics} on its own port, with daemon threads, and
 * whatever else the agent serves on that port (the health endpoints, the trace page at {@code /}).
 */
public final class MetricsEndpoint {

  /**
   * simpleclient adds a {@code <name>_created} series beside every counter and histogram child
   * (switchable only by an environment variable); they double the series count and are not part
   * of the metric contract.
   */
  private static final Predicate<String> WITHOUT_CREATED = new Predicate<String>() {
    @Override
    public boolean test(String sampleName) {
      return !sampleName.endsWith("_created");
    }
  };

  private MetricsEndpoint() {}

  /**
   * @param handlers more paths to serve beside the metrics, each with its handler
   * @return the running server, or null when the port could not be bound (one ERROR line)
   */
  public static HTTPServer start(CollectorRegistry registry, String host, int port,
      Map<String, HttpHandler> handlers) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
      // Requests to the agent's own endpoint are not the application's: the JDK HttpServer
      // instrumentation skips this server.
      Hooks.agentHttpServer = server;
      HTTPServer metrics = new HTTPServer.Builder().withHttpServer(server).withRegistry(registry)
          .withSampleNameFilter(WITHOUT_CREATED).withDaemonThreads(true).build();
      for (Map.Entry<String, HttpHandler> handler : handlers.entrySet()) {
        if (handler.getKey().equals("/")) {
          // simpleclient serves the metrics at / too; the trace page takes it over.
          server.removeContext("/");
        }
        server.createContext(handler.getKey(), handler.getValue());
      }
      return metrics;
    } catch (BindException e) {
      AgentLog.error("Metrics port " + host + ":" + port + " is not available (" + e.getMessage()
          + "); set sonde.metrics.port to a free port. Traces and log correlation go on.");
    } catch (IOException e) {
      AgentLog.error("Metrics endpoint " + host + ":" + port + " did not start (" + e
          + "); check sonde.metrics.host and sonde.metrics.port. Traces and log correlation go on.");
    }
    return null;
  }
}

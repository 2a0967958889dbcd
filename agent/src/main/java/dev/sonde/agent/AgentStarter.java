package dev.sonde.agent;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.sonde.agent.config.AgentSettings;
import dev.sonde.agent.config.ConfigLoader;
import dev.sonde.agent.config.UnknownKeys;
import dev.sonde.agent.health.HealthChecks;
import dev.sonde.agent.health.HealthEndpoint;
import dev.sonde.agent.health.HealthSettings;
import dev.sonde.agent.install.Instrumenter;
import dev.sonde.agent.logs.LogShipper;
import dev.sonde.agent.metrics.HeapMemoryCollector;
import dev.sonde.agent.metrics.JvmMetricsOnFirstScrape;
import dev.sonde.agent.metrics.MetricsEndpoint;
import dev.sonde.agent.metrics.SelfMetrics;
import dev.sonde.agent.otlp.ServiceResource;
import dev.sonde.agent.trace.CompactTracer;
import dev.sonde.agent.trace.ThreadStateContextStorage;
import dev.sonde.agent.trace.SpanQueue;
import dev.sonde.agent.trace.TracerFactory;
import dev.sonde.agent.ui.TracePage;
import dev.sonde.bootstrap.Hooks;
import dev.sonde.instrumentation.api.InstrumentationModule;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.health.CoarseClock;
import dev.sonde.instrumentation.api.health.Dependencies;
import dev.sonde.instrumentation.api.diagnostics.AgentLog;
import dev.sonde.instrumentation.api.metrics.Metrics;
import dev.sonde.instrumentation.api.trace.LogCorrelation;
import io.opentelemetry.sdk.resources.Resource;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import io.prometheus.client.exemplars.ExemplarConfig;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The agent's start, inside its own class loader. On the application's main thread (premain) it
 * only reads the configuration: loading Byte Buddy and building the transformer takes a few
 * hundred milliseconds of class loading, which would all be added to the application's start-up.
 * A daemon thread does that instead, installing the transformer with retransformation so that the
 * classes the application loaded in the meantime are instrumented too, then starts exporters, the
 * metrics endpoint and the recorders. Until then the hooks record nothing.
 */
public final class AgentStarter {

  private AgentStarter() {}

  public static void start(final Instrumentation instrumentation, final long startNanos) {
    // Byte Buddy (relocated, so this names only the agent's copy) without sun.misc.Unsafe.
    if (System.getProperty("net.bytebuddy.safe") == null) {
      System.setProperty("net.bytebuddy.safe", "true");
    }
    final Config config = ConfigLoader.load();
    final AgentSettings settings = new AgentSettings(config);
    AgentLog.setLevel(settings.logLevel);
    if (!settings.enabled) {
      AgentLog.info("Disabled by sonde.enabled=false");
      return;
    }
    // Typos are not silent: one WARN per sonde.* setting that names no key, with the closest.
    UnknownKeys.warn(config);
    final long premainNanos = System.nanoTime() - startNanos;
    Thread init = new Thread(new Runnable() {
      @Override
      public void run() {
        try {
          long begin = System.nanoTime();
          // Before anything of the agent asks for the current context, which fixes its storage.
          if (!ThreadStateContextStorage.install()) {
            AgentLog.debug("OpenTelemetry's context storage was fixed before the agent's could be"
                + " set; contexts are kept in a thread local of their own");
          }
          List<InstrumentationModule> modules = enabledModules(config);
          Instrumenter.install(instrumentation, modules, AgentStarter.class.getClassLoader());
          long installed = System.nanoTime();
          Started started = startTelemetry(settings, config, modules);
          AgentLog.info("Started: " + premainNanos / 1_000_000 + " ms in premain, then "
              + (installed - begin) / 1_000_000 + " ms to instrument and "
              + (System.nanoTime() - installed) / 1_000_000 + " ms to start telemetry"
              + " in the background; service " + settings.serviceName + ", metrics "
              + started.metrics + ", traces " + started.traces + ", logs " + started.logs
              + ", trace page " + started.page);
        } catch (Throwable t) {
          AgentLog.error("The agent failed to start in the background; the application runs on"
              + " without it", t);
        }
      }
    }, "sonde-init");
    init.setDaemon(true);
    init.start();
  }

  /**
   * What {@link #startTelemetry} started: what the start-up line says (never more than it got),
   * and what the JVM's exit stops.
   */
  static final class Started {
    String metrics = "off";
    String traces = "off";
    String logs = "not shipped";
    String page = "off";
    volatile CompactTracer tracer;
    volatile LogShipper logShipper;
    volatile HTTPServer metricsServer;
    volatile HttpServer healthServer;
    volatile TracePage tracePage;

    /** At JVM exit: each part stopped, whatever the others do. */
    void stop() {
      // The endpoint's selector thread waits in native code, and a JVM exits only after up to
      // 300 ms of waiting for such threads: stopping it first keeps the app's exit prompt.
      HTTPServer server = metricsServer;
      if (server != null) {
        server.close();
      }
      LogShipper shipper = logShipper;
      if (shipper != null) {
        shipper.shutdown();
      }
      HttpServer health = healthServer;
      if (health != null) {
        HealthEndpoint.stop(health);
      }
      CompactTracer spans = tracer;
      if (spans != null) {
        spans.shutdown();
      }
      TracePage page = tracePage;
      if (page != null) {
        page.stop();
      }
    }
  }

  /**
   * Starts span export, log shipping, the recorders, the health endpoints and the metrics
   * endpoint, each on its own: one that fails (one ERROR naming it) leaves the others running.
   */
  static Started startTelemetry(AgentSettings settings, Config config,
      List<InstrumentationModule> modules) {
    final Started started = new Started();
    Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
      @Override
      public void run() {
        started.stop();
      }
    }, "sonde-shutdown"));
    String version = version();
    CollectorRegistry registry = new CollectorRegistry(true);
    ExemplarConfig.disableExemplars();
    SelfMetrics self = new SelfMetrics(registry, version, settings.serviceName);
    Resource resource = ServiceResource.of(settings, version);
    // Only ever shown without user info: the settings took it out of the endpoint.
    String exportTo = settings.otlpProtocol + " to " + settings.otlpEndpoint
        + (settings.otlpBasicAuthFromEndpoint ? " (Basic authorization from its user info)" : "");
    List<SpanQueue<?>> pageQueue = Collections.<SpanQueue<?>>emptyList();
    if (settings.uiEnabled) {
      try {
        started.tracePage = TracePage.start(settings.serviceName, settings.uiTraces,
            settings.spanQueueSize, Dependencies.from(config).windowMillis());
        pageQueue = Collections.<SpanQueue<?>>singletonList(started.tracePage.queue());
      } catch (Throwable t) {
        AgentLog.error("The trace page did not start; metrics, traces and logs go on", t);
      }
    }
    try {
      started.tracer = TracerFactory.create(settings, resource, version, self, pageQueue);
      if (settings.tracesExporter.otlp) {
        started.traces = exportTo + (settings.tracesExporter.console ? " and to the console" : "");
      } else if (settings.tracesExporter.console) {
        started.traces = "to the console";
      } else if (started.tracePage != null) {
        started.traces = "kept for the trace page only";
      }
    } catch (Throwable t) {
      AgentLog.error("Span export did not start; spans are not exported, metrics and log"
          + " correlation go on", t);
      started.tracer = TracerFactory.withoutExport(resource, version);
      started.traces = "unavailable (span export did not start)";
    }
    if (settings.logsExporter.equals("otlp")) {
      try {
        started.logShipper = LogShipper.start(settings, resource, self);
        started.logs = exportTo;
      } catch (Throwable t) {
        AgentLog.error("Log shipping did not start; log events are not shipped, log correlation"
            + " goes on", t);
        started.logs = "not shipped (log shipping did not start)";
      }
    }
    Metrics metrics = new Metrics(registry, settings.durationBuckets, settings.maxSeriesPerMetric);
    Telemetry telemetry = new Telemetry(started.tracer, metrics, config,
        started.logShipper != null ? started.logShipper.queue() : null);
    // Every logging integration asks it: the advice of each framework and the JUL formatter.
    Hooks.logCorrelation = LogCorrelation.configure(config);
    for (InstrumentationModule module : modules) {
      try {
        module.start(telemetry);
      } catch (Throwable t) {
        AgentLog.error("Instrumentation " + module.name() + " failed to start; it stays off", t);
      }
    }
    Map<String, HttpHandler> healthOnMetricsPort = Collections.emptyMap();
    try {
      HealthSettings health = new HealthSettings(config, settings.metricsPort);
      if (health.enabled) {
        CoarseClock.start();
        HealthChecks checks = new HealthChecks(health, telemetry.dependencies(), settings, self);
        if (started.tracePage != null) {
          started.tracePage.health(checks);
        }
        if (settings.metricsEnabled && health.port == settings.metricsPort) {
          healthOnMetricsPort = HealthEndpoint.handlers(health, checks);
        } else {
          // Null after one ERROR naming the port and sonde.health.port.
          started.healthServer = HealthEndpoint.startOwnServer(settings.metricsHost, health,
              checks);
        }
      }
    } catch (Throwable t) {
      AgentLog.error("The health endpoints did not start; metrics, traces and logs go on", t);
    }
    if (settings.metricsEnabled) {
      try {
        registry.register(new JvmMetricsOnFirstScrape());
        metrics.register(new HeapMemoryCollector());
        Map<String, HttpHandler> handlers = new LinkedHashMap<String, HttpHandler>(
            healthOnMetricsPort);
        if (started.tracePage != null) {
          handlers.put("/", started.tracePage);
        }
        // Null after one ERROR naming the port and sonde.metrics.port.
        started.metricsServer = MetricsEndpoint.start(registry, settings.metricsHost,
            settings.metricsPort, handlers);
      } catch (Throwable t) {
        AgentLog.error("The metrics endpoint did not start; traces and log correlation go on", t);
      }
      if (started.metricsServer != null && started.tracePage != null) {
        started.page = "http://" + pageHost(settings.metricsHost) + ":" + settings.metricsPort
            + "/";
      }
      started.metrics = started.metricsServer != null
          ? settings.metricsHost + ":" + settings.metricsPort
          : "unavailable (" + settings.metricsHost + ":" + settings.metricsPort
              + " did not start, see the ERROR above)";
    }
    return started;
  }

  /** The host to open the page at: a wildcard address is served on this machine's loopback too. */
  static String pageHost(String metricsHost) {
    return metricsHost.equals("0.0.0.0") || metricsHost.equals("::") ? "localhost" : metricsHost;
  }

  private static List<InstrumentationModule> enabledModules(Config config) {
    List<InstrumentationModule> modules = new ArrayList<InstrumentationModule>();
    Iterator<InstrumentationModule> found = ServiceLoader.load(InstrumentationModule.class,
        AgentStarter.class.getClassLoader()).iterator();
    while (true) {
      InstrumentationModule module;
      try {
        if (!found.hasNext()) {
          break;
        }
        module = found.next();
      } catch (ServiceConfigurationError e) {
        AgentLog.error("An instrumentation module could not be loaded; skipping it", e);
        continue;
      }
      if (config.instrumentationEnabled(module.name())) {
        modules.add(module);
      } else {
        AgentLog.info("Instrumentation " + module.name() + " is off (sonde.instrumentation."
            + module.name() + ".enabled=false)");
      }
    }
    return modules;
  }

  static String version() {
    Properties properties = new Properties();
    try {
      InputStream in = AgentStarter.class.getResourceAsStream("version.properties");
      if (in != null) {
        try {
          properties.load(in);
        } finally {
          in.close();
        }
      }
    } catch (Exception e) {
      // unknown version
    }
    return properties.getProperty("version", "unknown");
  }
}

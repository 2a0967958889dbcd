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
import dev.sonde.agent.trace.TracerFactory;
import dev.sonde.bootstrap.Hooks;
import dev.sonde.instrumentation.api.InstrumentationModule;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.health.CoarseClock;
import dev.sonde.instrumentation.api.log.AgentLog;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;

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
          startTelemetry(settings, config, modules);
          AgentLog.info("Started: " + premainNanos / 1_000_000 + " ms in premain, then "
              + (installed - begin) / 1_000_000 + " ms to instrument and "
              + (System.nanoTime() - installed) / 1_000_000 + " ms to start telemetry"
              + " in the background; service " + settings.serviceName + ", metrics "
              + (settings.metricsEnabled ? settings.metricsHost + ":" + settings.metricsPort
                  : "off")
              + ", traces " + (settings.tracesExporter.equals("none") ? "off"
                  : settings.otlpProtocol + " to " + settings.otlpEndpoint)
              + ", logs " + (settings.logsExporter.equals("none") ? "not shipped"
                  : settings.otlpProtocol + " to " + settings.otlpEndpoint));
        } catch (Throwable t) {
          AgentLog.error("The agent failed to start in the background; the application runs on"
              + " without it", t);
        }
      }
    }, "sonde-init");
    init.setDaemon(true);
    init.start();
  }

  private static void startTelemetry(AgentSettings settings, Config config,
      List<InstrumentationModule> modules) {
    String version = version();
    CollectorRegistry registry = new CollectorRegistry(true);
    ExemplarConfig.disableExemplars();
    SelfMetrics self = new SelfMetrics(registry, version, settings.serviceName);
    Resource resource = ServiceResource.of(settings, version);
    final CompactTracer tracer = TracerFactory.create(settings, resource, version, self);
    final LogShipper logShipper = settings.logsExporter.equals("otlp")
        ? LogShipper.start(settings, resource, self) : null;
    final AtomicReference<HTTPServer> endpoint = new AtomicReference<HTTPServer>();
    final AtomicReference<HttpServer> healthServer = new AtomicReference<HttpServer>();
    Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
      @Override
      public void run() {
        // The endpoint's selector thread waits in native code, and a JVM exits only after up to
        // 300 ms of waiting for such threads: stopping it first keeps the app's exit prompt.
        HTTPServer server = endpoint.get();
        if (server != null) {
          server.close();
        }
        if (logShipper != null) {
          logShipper.shutdown();
        }
        HttpServer health = healthServer.get();
        if (health != null) {
          HealthEndpoint.stop(health);
        }
        tracer.shutdown();
      }
    }, "sonde-shutdown"));
    Metrics metrics = new Metrics(registry, settings.durationBuckets, settings.maxSeriesPerMetric);
    Telemetry telemetry = new Telemetry(tracer, metrics, config,
        logShipper != null ? logShipper.queue() : null);
    // Every logging integration asks it: the advice of each framework and the JUL formatter.
    Hooks.logCorrelation = LogCorrelation.configure(config);
    for (InstrumentationModule module : modules) {
      try {
        module.start(telemetry);
      } catch (Throwable t) {
        AgentLog.error("Instrumentation " + module.name() + " failed to start; it stays off", t);
      }
    }
    HealthSettings health = new HealthSettings(config, settings.metricsPort);
    Map<String, HttpHandler> healthOnMetricsPort = Collections.emptyMap();
    if (health.enabled) {
      CoarseClock.start();
      HealthChecks checks = new HealthChecks(health, telemetry.dependencies(), settings, self);
      if (settings.metricsEnabled && health.port == settings.metricsPort) {
        healthOnMetricsPort = HealthEndpoint.handlers(health, checks);
      } else {
        healthServer.set(HealthEndpoint.startOwnServer(settings.metricsHost, health, checks));
      }
    }
    if (settings.metricsEnabled) {
      registry.register(new JvmMetricsOnFirstScrape());
      metrics.register(new HeapMemoryCollector());
      endpoint.set(MetricsEndpoint.start(registry, settings.metricsHost, settings.metricsPort,
          healthOnMetricsPort));
    }
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

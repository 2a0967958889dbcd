package dev.sonde.agent.otlp;

import dev.sonde.agent.config.AgentSettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.Map;

/**
 * The OpenTelemetry resource every exported signal (spans, log records) carries: the service, the
 * host, the process and the agent. Built once at start: the host name lookup may be slow.
 */
public final class ServiceResource {

  private ServiceResource() {}

  public static Resource of(AgentSettings settings, String agentVersion) {
    AttributesBuilder attributes = Attributes.builder();
    for (Map.Entry<String, String> entry : settings.resourceAttributes.entrySet()) {
      attributes.put(entry.getKey(), entry.getValue());
    }
    attributes.put(AttributeKey.stringKey("service.name"), settings.serviceName);
    if (settings.serviceVersion != null) {
      attributes.put(AttributeKey.stringKey("service.version"), settings.serviceVersion);
    }
    if (settings.deploymentEnvironment != null) {
      attributes.put(AttributeKey.stringKey("deployment.environment"),
          settings.deploymentEnvironment);
    }
    attributes.put(AttributeKey.stringKey("telemetry.distro.name"), "sonde");
    attributes.put(AttributeKey.stringKey("telemetry.distro.version"), agentVersion);
    attributes.put(AttributeKey.stringKey("host.name"), hostName());
    String runtime = ManagementFactory.getRuntimeMXBean().getName();
    int at = runtime.indexOf('@');
    if (at > 0) {
      try {
        attributes.put(AttributeKey.longKey("process.pid"), Long.parseLong(runtime.substring(0, at)));
      } catch (NumberFormatException ignored) {
        // not a pid on this JVM
      }
    }
    attributes.put(AttributeKey.stringKey("process.runtime.name"),
        System.getProperty("java.runtime.name"));
    attributes.put(AttributeKey.stringKey("process.runtime.version"),
        System.getProperty("java.runtime.version"));
    return Resource.getDefault().merge(Resource.create(attributes.build()));
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isEmpty()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "unknown";
    }
  }
}

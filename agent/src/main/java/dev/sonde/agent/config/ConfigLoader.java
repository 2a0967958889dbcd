package dev.sonde.agent.config;

import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.diagnostics.AgentLog;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** Reads the three configuration sources once, at start-up. */
public final class ConfigLoader {

  /** The key naming an optional properties file of {@code sonde.*} settings. */
  public static final String CONFIG_FILE = "sonde.config";

  private ConfigLoader() {}

  public static Config load() {
    Map<String, String> properties = new HashMap<String, String>();
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith("sonde.") || name.startsWith("otel.")) {
        properties.put(name, System.getProperty(name));
      }
    }
    Map<String, String> environment = System.getenv();
    Properties file = new Properties();
    Config withoutFile = new Config(properties, environment, file);
    String path = withoutFile.raw(CONFIG_FILE, null);
    if (path != null) {
      try {
        InputStream in = new FileInputStream(path);
        try {
          file.load(in);
        } finally {
          in.close();
        }
      } catch (IOException e) {
        AgentLog.warn("Cannot read the configuration file " + path + " named by " + CONFIG_FILE
            + " (" + e + "); going on without it");
      }
    }
    return new Config(properties, environment, file);
  }
}

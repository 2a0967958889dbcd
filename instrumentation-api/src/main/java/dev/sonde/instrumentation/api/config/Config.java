package dev.sonde.instrumentation.api.config;

import dev.sonde.instrumentation.api.diagnostics.AgentLog;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's configuration. A key {@code sonde.a.b-c} is looked up, first match wins, as the
 * system property {@code sonde.a.b-c}, the environment variable {@code SONDE_A_B_C}, the entry in
 * the file named by {@code sonde.config}; then, for keys with a standard OpenTelemetry alias, as
 * that alias in the same three places; then the default.
 *
 * <p>A value that does not parse is reported once, as one WARN naming the key, the value and the
 * default used.
 */
public final class Config {

  private final Map<String, String> systemProperties;
  private final Map<String, String> environment;
  private final Properties file;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  public Config(Map<String, String> systemProperties, Map<String, String> environment,
      Properties file) {
    this.systemProperties = systemProperties;
    this.environment = environment;
    this.file = file;
  }

  /** The raw value of {@code key} (or of {@code alias}, may be null), or null when unset. */
  public String raw(String key, String alias) {
    String value = lookup(key);
    if (value == null && alias != null) {
      value = lookup(alias);
    }
    return value;
  }

  private String lookup(String key) {
    String value = blankToNull(systemProperties.get(key));
    if (value == null) {
      value = blankToNull(environment.get(environmentName(key)));
    }
    if (value == null) {
      value = blankToNull(file.getProperty(key));
    }
    return value;
  }

  /** The names of the system properties given, for the check of unknown keys. */
  public Set<String> systemPropertyNames() {
    return Collections.unmodifiableSet(systemProperties.keySet());
  }

  /** The names of the environment variables given, for the check of unknown keys. */
  public Set<String> environmentNames() {
    return Collections.unmodifiableSet(environment.keySet());
  }

  /** The keys of the file named by {@code sonde.config} (none without one). */
  public Set<String> fileKeys() {
    return file.stringPropertyNames();
  }

  /** {@code sonde.a.b-c} → {@code SONDE_A_B_C}. */
  public static String environmentName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  public String getString(String key, String defaultValue) {
    return getString(key, null, defaultValue);
  }

  public String getString(String key, String alias, String defaultValue) {
    String value = raw(key, alias);
    return value == null ? defaultValue : value;
  }

  public boolean getBoolean(String key, boolean defaultValue) {
    String value = raw(key, null);
    if (value == null) {
      return defaultValue;
    }
    if ("true".equalsIgnoreCase(value)) {
      return true;
    }
    if ("false".equalsIgnoreCase(value)) {
      return false;
    }
    return invalid(key, value, "true or false", defaultValue);
  }

  public int getInt(String key, int defaultValue, int min, int max) {
    return getInt(key, null, defaultValue, min, max);
  }

  public int getInt(String key, String alias, int defaultValue, int min, int max) {
    String value = raw(key, alias);
    if (value == null) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    return invalid(key, value, "a whole number from " + min + " to " + max, defaultValue);
  }

  public double getDouble(String key, double defaultValue, double min, double max) {
    return getDouble(key, null, defaultValue, min, max);
  }

  public double getDouble(String key, String alias, double defaultValue, double min, double max) {
    String value = raw(key, alias);
    if (value == null) {
      return defaultValue;
    }
    try {
      double parsed = Double.parseDouble(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    return invalid(key, value, "a number from " + min + " to " + max, defaultValue);
  }

  /** One of {@code allowed} (case-insensitive, returned as written in {@code allowed}). */
  public String getChoice(String key, String alias, String defaultValue, String... allowed) {
    String value = raw(key, alias);
    if (value == null) {
      return defaultValue;
    }
    for (String choice : allowed) {
      if (choice.equalsIgnoreCase(value.trim())) {
        return choice;
      }
    }
    return invalid(key, value, "one of " + String.join(", ", allowed), defaultValue);
  }

  /** Whether the instrumentation named {@code name} is on ({@code sonde.instrumentation.<name>.enabled}). */
  public boolean instrumentationEnabled(String name) {
    return getBoolean("sonde.instrumentation." + name + ".enabled", true);
  }

  /** Reports a value that does not parse, once per key, and returns the default to use instead. */
  public <T> T invalid(String key, String value, String expected, T defaultValue) {
    if (warned.add(key)) {
      AgentLog.warn("Invalid value '" + value + "' for " + key + " (expected " + expected
          + "); using the default " + defaultValue);
    }
    return defaultValue;
  }

  private static String blankToNull(String value) {
    return value == null || value.trim().isEmpty() ? null : value.trim();
  }
}

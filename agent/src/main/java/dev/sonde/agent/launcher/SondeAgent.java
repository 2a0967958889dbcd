package dev.sonde.agent.launcher;

import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.Locale;
import java.util.Properties;
import java.util.jar.JarFile;

/**
 * The {@code -javaagent} entry point. Loaded by the application's system class loader, so it
 * does as little as possible: put the agent jar on the bootstrap class path (for the
 * {@code dev.sonde.bootstrap} hooks that advice calls), create the agent's own class loader over
 * the hidden {@code inst/} part of the jar, and hand over to the agent inside it.
 *
 * <p>Whatever fails here, the application starts without the agent, after one ERROR line.
 *
 * <p>{@code sonde.enabled=false} (the system property, else {@code SONDE_ENABLED}, else the file
 * named by {@code sonde.config} / {@code SONDE_CONFIG}) is read first, with nothing but the JDK:
 * disabled, the premain returns before it touches the boot class path, loads another class of the
 * agent or sets a system property, after one INFO line (none at {@code sonde.log.level} WARN or
 * quieter).
 */
public final class SondeAgent {

  private static final String STARTER = "dev.sonde.agent.AgentStarter";
  static final String ENABLED = "sonde.enabled";
  static final String LOG_LEVEL = "sonde.log.level";
  static final String CONFIG_FILE = "sonde.config";

  private SondeAgent() {}

  public static void premain(String arguments, Instrumentation instrumentation) {
    if (enabled()) {
      start(instrumentation);
    }
  }

  public static void agentmain(String arguments, Instrumentation instrumentation) {
    if (enabled()) {
      start(instrumentation);
    }
  }

  /**
   * False, after at most one INFO line, when {@code sonde.enabled} is {@code false}. Whatever
   * goes wrong reading it (an unreadable file), the agent starts, and reports it there.
   */
  static boolean enabled() {
    try {
      Properties file = null;
      String enabled = setting(ENABLED, null);
      if (enabled == null) {
        file = configFile();
        enabled = setting(ENABLED, file);
      }
      if (!"false".equalsIgnoreCase(enabled)) {
        return true;
      }
      String level = setting(LOG_LEVEL, null);
      if (level == null) {
        level = setting(LOG_LEVEL, file != null ? file : configFile());
      }
      // As AgentLog: a level that does not parse is INFO.
      if (!"off".equalsIgnoreCase(level) && !"error".equalsIgnoreCase(level)
          && !"warn".equalsIgnoreCase(level)) {
        System.err.println("[sonde] INFO Disabled by " + ENABLED
            + "=false: the agent does nothing in this JVM");
      }
      return false;
    } catch (Throwable t) {
      return true;
    }
  }

  /**
   * The trimmed value of {@code key} as the system property, else as the environment variable
   * ({@code sonde.a.b} → {@code SONDE_A_B}), else from {@code file}; null when blank everywhere.
   */
  private static String setting(String key, Properties file) {
    String value = trimmed(System.getProperty(key));
    if (value == null) {
      value = trimmed(System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_')));
    }
    if (value == null && file != null) {
      value = trimmed(file.getProperty(key));
    }
    return value;
  }

  /** The file named by {@code sonde.config}, or null (none named, or not readable). */
  private static Properties configFile() {
    String path = setting(CONFIG_FILE, null);
    if (path == null) {
      return null;
    }
    Properties properties = new Properties();
    try {
      InputStream in = new FileInputStream(path);
      try {
        properties.load(in);
      } finally {
        in.close();
      }
    } catch (Exception e) {
      return null;
    }
    return properties;
  }

  private static String trimmed(String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.trim();
    return trimmed.isEmpty() ? null : trimmed;
  }

  private static synchronized void start(Instrumentation instrumentation) {
    long startNanos = System.nanoTime();
    try {
      File jarPath = new File(
          SondeAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      JarFile jar = new JarFile(jarPath, false);
      instrumentation.appendToBootstrapClassLoaderSearch(jar);
      ClassLoader agentLoader = new AgentClassLoader(jar, jarPath, AgentClassLoader.platformLoader());
      Class<?> starter = agentLoader.loadClass(STARTER);
      starter.getMethod("start", Instrumentation.class, long.class)
          .invoke(null, instrumentation, startNanos);
    } catch (Throwable t) {
      Throwable cause = t instanceof java.lang.reflect.InvocationTargetException ? t.getCause() : t;
      System.err.println("[sonde] ERROR The agent failed to start; the application runs without it: "
          + cause);
      if ("debug".equalsIgnoreCase(System.getProperty("sonde.log.level"))) {
        cause.printStackTrace();
      }
    }
  }
}

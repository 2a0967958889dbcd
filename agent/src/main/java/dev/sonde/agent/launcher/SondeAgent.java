package dev.sonde.agent.launcher;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

/**
 * The {@code -javaagent} entry point. Loaded by the application's system class loader, so it
 * does as little as possible: put the agent jar on the bootstrap class path (for the
 * {@code dev.sonde.bootstrap} hooks that advice calls), create the agent's own class loader over
 * the hidden {@code inst/} part of the jar, and hand over to the agent inside it.
 *
 * <p>Whatever fails here, the application starts without the agent, after one ERROR line.
 */
public final class SondeAgent {

  private static final String STARTER = "dev.sonde.agent.AgentStarter";

  private SondeAgent() {}

  public static void premain(String arguments, Instrumentation instrumentation) {
    start(instrumentation);
  }

  public static void agentmain(String arguments, Instrumentation instrumentation) {
    start(instrumentation);
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

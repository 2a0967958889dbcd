package dev.sonde.agent.install;

import java.util.HashSet;
import java.util.Set;

/**
 * The classes no module instruments, by name alone: every class loaded passes here first, and
 * anything that looked past the name (a class's modifiers, say) would parse its class file.
 */
final class IgnoredTypes {

  /** The agent's own classes (by package, not dev.sonde.*: applications may live there too). */
  private static final String[] AGENT = {"dev.sonde.bootstrap.", "dev.sonde.jul.",
      "dev.sonde.agent.", "dev.sonde.instrumentation.", "dev.sonde.shaded.", "net.bytebuddy."};

  /** The JDK's own, left alone except the classes a module names. */
  private static final String[] JDK = {"java.", "jdk.", "sun.", "javax.management."};

  private final Set<String> instrumentedJdkClasses;

  /** @param instrumentedJdkClasses the JDK classes the modules instrument, by name */
  IgnoredTypes(Set<String> instrumentedJdkClasses) {
    this.instrumentedJdkClasses = new HashSet<String>(instrumentedJdkClasses);
  }

  boolean ignores(String typeName) {
    if (startsWithAny(typeName, AGENT)) {
      return true;
    }
    if (typeName.startsWith("com.sun.")) {
      // The JDK's HttpServer API is the one com.sun package a module instruments.
      return !typeName.startsWith("com.sun.net.httpserver.");
    }
    return startsWithAny(typeName, JDK) && !instrumentedJdkClasses.contains(typeName);
  }

  private static boolean startsWithAny(String typeName, String[] prefixes) {
    for (String prefix : prefixes) {
      if (typeName.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}

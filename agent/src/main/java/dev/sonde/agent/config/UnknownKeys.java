package dev.sonde.agent.config;

import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.diagnostics.AgentLog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typos are not silent: one WARN per setting that names no key of the agent ({@link KnownKeys}),
 * naming the closest one. Checked are the system properties {@code sonde.*}, the environment
 * variables {@code SONDE_*} and every key of the file named by {@code sonde.config} (where the
 * OpenTelemetry aliases count as known too). Other {@code otel.*} settings belong to whoever else
 * reads them and are left alone.
 */
public final class UnknownKeys {

  private UnknownKeys() {}

  /** Checks {@code config}'s sources, writing one WARN per unknown setting; returns the WARNs. */
  public static List<String> warn(Config config) {
    List<String> warnings = check(config);
    for (String warning : warnings) {
      AgentLog.warn(warning);
    }
    return warnings;
  }

  /** The WARN lines for {@code config}'s unknown settings, sorted within each source. */
  static List<String> check(Config config) {
    Set<String> known = KnownKeys.all();
    List<String> warnings = new ArrayList<String>();
    for (String name : new TreeSet<String>(config.systemPropertyNames())) {
      if (name.startsWith("sonde.") && !known.contains(name)) {
        warnings.add("Unknown setting " + name + " (system property), ignored; did you mean "
            + closest(name, known) + "?");
      }
    }
    Map<String, String> environmentNames = new LinkedHashMap<String, String>();
    for (String key : known) {
      environmentNames.put(Config.environmentName(key), key);
    }
    for (String name : new TreeSet<String>(config.environmentNames())) {
      if (name.startsWith("SONDE_") && !environmentNames.containsKey(name)) {
        String closest = closest(name, environmentNames.keySet());
        warnings.add("Unknown setting " + name + " (environment variable), ignored; did you mean "
            + closest + " (" + environmentNames.get(closest) + ")?");
      }
    }
    Set<String> fileKeys = new TreeSet<String>(known);
    fileKeys.addAll(KnownKeys.aliases().values());
    String file = config.raw(ConfigLoader.CONFIG_FILE, null);
    for (String name : new TreeSet<String>(config.fileKeys())) {
      if (!fileKeys.contains(name)) {
        warnings.add("Unknown setting " + name + " in " + file + " (" + ConfigLoader.CONFIG_FILE
            + "), ignored; did you mean " + closest(name, fileKeys) + "?");
      }
    }
    return warnings;
  }

  /** The candidate nearest to {@code name} by edit distance, ignoring case; the first on a tie. */
  static String closest(String name, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lower = name.toLowerCase(Locale.ROOT);
    for (String candidate : candidates) {
      int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** Levenshtein distance: insertions, deletions and substitutions of one character. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}

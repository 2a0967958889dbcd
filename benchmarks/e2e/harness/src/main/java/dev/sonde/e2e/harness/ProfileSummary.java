package dev.sonde.e2e.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a steady-state profile ({@link SteadyStateProfiler}) says, per request: the CPU of each
 * thread group, and on the request threads (Tomcat's {@code http-nio-…-exec-N}) the part spent
 * under the agent's own frames, by the outermost of them, and in thread-local lookups. Advice is
 * inlined into the application's methods, so what it does before it calls into the agent (the
 * request getters, say) counts as the application's: "under the agent's frames" is a lower bound.
 */
final class ProfileSummary {

  /** Agent entry points shown, the largest first. */
  private static final int SHOWN_ENTRIES = 15;

  private final AgentSetup setup;
  private long samples;
  private long requestThreadSamples;
  private long underAgent;
  private long threadLocalLookups;
  private final Map<String, Long> byThreadGroup = new TreeMap<>();
  private final Map<String, Long> byAgentEntry = new TreeMap<>();

  private ProfileSummary(AgentSetup setup) {
    this.setup = setup;
  }

  static ProfileSummary read(Path collapsed, AgentSetup setup) throws IOException {
    return parse(Files.readAllLines(collapsed), setup);
  }

  /** {@code lines}: async-profiler's collapsed output with {@code threads}, one stack a line. */
  static ProfileSummary parse(List<String> lines, AgentSetup setup) {
    ProfileSummary summary = new ProfileSummary(setup);
    for (String line : lines) {
      int space = line.lastIndexOf(' ');
      if (space < 0) {
        continue;
      }
      long count = Long.parseLong(line.substring(space + 1).strip());
      String[] frames = line.substring(0, space).split(";");
      summary.add(frames, count);
    }
    return summary;
  }

  private void add(String[] frames, long count) {
    samples += count;
    String group = threadGroup(frames[0]);
    byThreadGroup.merge(group, count, Long::sum);
    if (!group.contains("-exec-")) {
      return;
    }
    requestThreadSamples += count;
    String entry = null;
    boolean lookup = false;
    for (int i = 1; i < frames.length; i++) {
      if (entry == null && isAgentFrame(frames[i])) {
        entry = frames[i];
      }
      lookup |= frames[i].equals("java/lang/ThreadLocal.get");
    }
    if (entry != null) {
      underAgent += count;
      byAgentEntry.merge(entry, count, Long::sum);
    }
    if (lookup) {
      threadLocalLookups += count;
    }
  }

  /** {@code [http-nio-127.0.0.1-8080-exec-3 tid=123]} as {@code http-nio-N.N.N.N-N-exec-N}. */
  static String threadGroup(String threadFrame) {
    return ProcStat.groupOf(threadFrame.replaceFirst("^\\[", "")
        .replaceFirst(" tid=\\d+]$", "").replaceFirst("]$", ""));
  }

  private boolean isAgentFrame(String frame) {
    return switch (setup) {
      case NONE -> false;
      case SONDE -> frame.startsWith("dev/sonde/") && !frame.startsWith("dev/sonde/e2e/");
      case OTEL -> frame.startsWith("io/opentelemetry/");
    };
  }

  long samples() {
    return samples;
  }

  /** Samples under the agent's frames on the request threads. */
  long underAgentOnRequestThreads() {
    return underAgent;
  }

  /** The CPU time of {@code samples} spread over {@code requests}, in µs each. */
  private static double micros(long samples, long requests) {
    return samples * SteadyStateProfiler.INTERVAL_MILLIS * 1000.0 / requests;
  }

  double agentMicrosPerRequest(long requests) {
    return micros(underAgent, requests);
  }

  /** The summary as text, for {@code profile-steady.txt}. */
  String describe(long requests) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Steady-state profile of %s: %d samples (%d ms of CPU"
        + " each) for %d requests%n%nCPU per request by thread group, µs:%n", setup.label,
        samples, SteadyStateProfiler.INTERVAL_MILLIS, requests));
    sortedByCount(byThreadGroup).forEach((group, count) -> {
      if (micros(count, requests) >= 0.05) {
        out.append(String.format(Locale.ROOT, "%9.2f  %s%n", micros(count, requests), group));
      }
    });
    out.append(String.format(Locale.ROOT, "%nOn the request threads (%.2f µs per request):%n",
        micros(requestThreadSamples, requests)));
    out.append(String.format(Locale.ROOT, "%9.2f  in thread-local lookups%n",
        micros(threadLocalLookups, requests)));
    if (setup.hasAgent()) {
      out.append(String.format(Locale.ROOT, "%9.2f  under the agent's frames (advice inlined in"
          + " the application's methods not included), by the outermost:%n",
          micros(underAgent, requests)));
      sortedByCount(byAgentEntry).entrySet().stream().limit(SHOWN_ENTRIES).forEach(entry ->
          out.append(String.format(Locale.ROOT, "%9.2f    %s%n",
              micros(entry.getValue(), requests), entry.getKey())));
    }
    return out.toString();
  }

  private static Map<String, Long> sortedByCount(Map<String, Long> counts) {
    Map<String, Long> sorted = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
            .thenComparing(Map.Entry.comparingByKey()))
        .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
    return sorted;
  }
}

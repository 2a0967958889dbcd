package dev.sonde.e2e.harness;

import dev.sonde.smoke.harness.WorkDir;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;

/**
 * The end-to-end overhead harness (issue 7): starts PostgreSQL, Redis and RabbitMQ and an OTLP
 * receiver, then runs the service under the same load with no agent, with Sonde and with the
 * OpenTelemetry Java agent, in turn (and again for each further round), and prints what each
 * costs as a table; or, with {@code --interleaved}, runs the setups at once and loads them in
 * alternating slices ({@link InterleavedRun}). Options: {@link HarnessOptions}. Everything a run
 * leaves (the service's output and log, the load's output, the servers' logs, {@code report.md})
 * is under
 * {@code benchmarks/e2e/harness/target/e2e-runs/<time>/}.
 *
 * <p>Exit status: 0; 1 when a run cannot be trusted (failed requests, an agent that exported no
 * span, no metrics, no trace id in the log) or, in a full run, when Sonde misses a target.
 */
public final class OverheadHarness {

  private OverheadHarness() {}

  public static void main(String[] args) throws Exception {
    HarnessOptions options = HarnessOptions.parse(args);
    options.requireJars();
    Path runDir = Files.createDirectories(options.root().resolve("benchmarks/e2e/harness/target"
        + "/e2e-runs/" + LocalDateTime.now().format(DateTimeFormatter.ofPattern(
            "yyyyMMdd-HHmmss"))));
    System.setProperty(WorkDir.PROPERTY, runDir.toString());
    List<String> conditions = conditions(options);
    conditions.forEach(System.out::println);
    System.out.println("Files: " + runDir);

    if (options.interleaving() != null) {
      runInterleaved(options, conditions, runDir);
      return;
    }
    Map<AgentSetup, List<Measurement>> runs = new LinkedHashMap<>();
    System.out.println("Starting PostgreSQL, Redis, RabbitMQ ...");
    try (CountingOtlpReceiver receiver = new CountingOtlpReceiver();
        Backends backends = Backends.start()) {
      AgentRun agentRun = new AgentRun(options, backends, receiver);
      for (int round = 1; round <= options.rounds(); round++) {
        for (AgentSetup setup : options.agents()) {
          backends.reset();
          Path dir = Files.createDirectories(runDir.resolve(setup.id + "-" + round));
          System.out.printf(Locale.ROOT, "round %d/%d, %s ...%n", round, options.rounds(),
              setup.label);
          Measurement measurement = agentRun.run(setup, dir);
          System.out.println("  " + summary(measurement));
          runs.computeIfAbsent(setup, s -> new ArrayList<>()).add(measurement);
        }
      }
    }

    Report report = new Report(options, conditions, runs);
    String table = report.render();
    System.out.println();
    System.out.print(table);
    Files.writeString(runDir.resolve("report.md"), table);
    if (!report.problems().isEmpty()) {
      System.exit(1);
    }
    if (report.targetMissed()) {
      System.out.println("\nSonde missed a target.");
      System.exit(1);
    }
  }

  /** {@code --interleaved}: {@link InterleavedRun}, reported by {@link InterleavedReport}. */
  private static void runInterleaved(HarnessOptions options, List<String> conditions, Path runDir)
      throws IOException, InterruptedException {
    System.out.println("Starting PostgreSQL, Redis, RabbitMQ ...");
    InterleavedRun.Result result;
    try (CountingOtlpReceiver receiver = new CountingOtlpReceiver();
        Backends backends = Backends.start()) {
      result = new InterleavedRun(options, backends, receiver).run(runDir);
    }
    String table = new InterleavedReport(conditions, result).render();
    System.out.println();
    System.out.print(table);
    Files.writeString(runDir.resolve("report.md"), table);
    if (!result.problems().isEmpty()) {
      System.exit(1);
    }
  }

  private static String summary(Measurement m) {
    return String.format(Locale.ROOT, "first 200 after %.2f s; first phase %.0f req/s; steady %.0f"
            + " req/s, p50 %.2f ms, p99 %.2f ms, %.0f µs CPU and %.1f KB per request; peak RSS"
            + " %d MB; %d spans%s", m.startupSeconds(), m.first().throughput(),
        m.steady().throughput(), m.steady().p50Micros() / 1e3, m.steady().p99Micros() / 1e3,
        m.cpuMicrosPerRequest(), m.allocatedBytesPerRequest() / 1024,
        m.peakRssBytes() / 1048576, m.spans(),
        m.problems().isEmpty() ? "" : "; PROBLEMS: " + String.join("; ", m.problems()));
  }

  /** What the figures depend on, printed above the table. */
  private static List<String> conditions(HarnessOptions options) throws IOException {
    HarnessOptions.Phases phases = options.phases();
    List<String> lines = new ArrayList<>();
    lines.add("End-to-end overhead, " + LocalDateTime.now().format(
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")) + (options.quick() ? " (--quick)" : ""));
    lines.add(String.format(Locale.ROOT, "Machine: %d CPUs, load average %s at the start",
        Runtime.getRuntime().availableProcessors(),
        Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
    lines.add("Service JVM: " + javaVersion(options.java()) + ", " + String.join(" ",
        options.jvmArgs()) + "; OpenTelemetry agent " + otelAgentVersion(options.otelAgentJar()));
    HarnessOptions.Interleaving interleaving = options.interleaving();
    if (interleaving == null) {
      lines.add(String.format(Locale.ROOT, "Load: %d connections, closed loop; phases first %d s,"
              + " warm-up %d s, steady %d s; %d round(s), median shown", options.concurrency(),
          phases.first().toSeconds(), phases.warmup().toSeconds(), phases.steady().toSeconds(),
          options.rounds()));
    } else {
      lines.add(String.format(Locale.ROOT, "Interleaved: %s at once; %d connections, closed loop,"
              + " on one service at a time; warm-up %.0f s each, then %d rounds of one %.1f s"
              + " slice per setup in a random order; ratio = median of the rounds' paired ratios,"
              + " 95 %% bootstrap interval", InterleavedRun.instances(options).stream()
              .map(InterleavedRun.Instance::label).collect(java.util.stream.Collectors.joining(
                  ", ")), options.concurrency(), interleaving.warmupSeconds(),
          interleaving.rounds(), interleaving.sliceSeconds()));
    }
    return lines;
  }

  private static String javaVersion(Path java) throws IOException {
    Path release = java.toRealPath().getParent().getParent().resolve("release");
    Properties properties = new Properties();
    if (Files.isRegularFile(release)) {
      try (InputStream in = Files.newInputStream(release)) {
        properties.load(in);
      }
    }
    return "JDK " + properties.getProperty("JAVA_VERSION", "?").replace("\"", "");
  }

  private static String otelAgentVersion(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      String version = file.getManifest().getMainAttributes().getValue("Implementation-Version");
      return version != null ? version : "(version unknown)";
    }
  }
}

package dev.sonde.e2e.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one run of the harness does, from its command line:
 *
 * <pre>
 *   --root DIR          the Sonde checkout (the jars are found under it)          required
 *   --quick             a few seconds per phase: checks that everything works, measures nothing
 *   --rounds N          run the agents in turn N times; each figure is the median  1
 *   --concurrency N     connections the load keeps busy                            8
 *   --java PATH         the java that runs the service                             the harness's own
 *   --jvm-args "A B"    the service's JVM flags, the same under every agent        see below
 *   --agents a,b        which of none, sonde, otel                                 none,sonde,otel
 *   --profile           profile each setup's steady phase with async-profiler      off
 *   --profile-alloc     the same, recording allocation (bytes by stack) not CPU    off
 *   --interleaved       the setups run at once, the load goes to each in turn      off
 *                       (InterleavedRun); with it:
 *   --slices N            rounds of slices (one slice per setup each)              40 (quick 3)
 *   --slice-seconds S     length of a slice                                        3 (quick 1)
 *   --aa                  A/A: Sonde against a second, identical Sonde             off
 *   --inject-micros N     the last setup's service burns N µs per request          0
 *                         (the app's -Dapp.cost.micros)
 * </pre>
 *
 * <p>{@code --agents} defaults to none,sonde,otel in turn and to none,sonde interleaved.
 *
 * <p>The default JVM flags fix the heap at 512 MB and touch it all at start
 * ({@code -XX:+AlwaysPreTouch}): a long-running service with a fixed heap has all of it resident
 * sooner or later, so the peak RSS compared is heap plus what the agent adds beside it (classes,
 * code, threads, buffers), not how many heap pages a two-minute run happened to reach (which grows
 * with the allocation rate). {@code native-memory.txt} in a run's directory, written when the
 * flags hold {@code -XX:NativeMemoryTracking=summary}, shows where that memory is.
 */
record HarnessOptions(Path root, boolean quick, int rounds, int concurrency, Path java,
    List<String> jvmArgs, List<AgentSetup> agents, Phases phases, Duration scrapeInterval,
    boolean profile, boolean profileAllocation, Interleaving interleaving) {

  /** The interleaved run's settings; null when the setups run in turn. */
  record Interleaving(int rounds, double sliceSeconds, double warmupSeconds, boolean aa,
      int injectMicros) {}

  /** Load on each setup before the measured slices, alternating in slices of this length. */
  static final double WARMUP_SLICE_SECONDS = 5;

  static final List<String> DEFAULT_JVM_ARGS = List.of("-Xms512m", "-Xmx512m",
      "-XX:+AlwaysPreTouch");

  /** How long each phase of the load lasts. */
  record Phases(Duration first, Duration warmup, Duration steady) {}

  /** The phases: the first 30 s after the first 200, then warm-up, then steady state. */
  static final Phases FULL = new Phases(Duration.ofSeconds(30), Duration.ofSeconds(30),
      Duration.ofSeconds(60));
  static final Phases QUICK = new Phases(Duration.ofSeconds(3), Duration.ofSeconds(2),
      Duration.ofSeconds(5));

  static HarnessOptions parse(String[] args) {
    Path root = null;
    boolean quick = false;
    int rounds = 1;
    int concurrency = 8;
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> jvmArgs = DEFAULT_JVM_ARGS;
    List<AgentSetup> agents = null;
    boolean profile = false;
    boolean profileAllocation = false;
    boolean interleaved = false;
    boolean aa = false;
    Integer slices = null;
    Double sliceSeconds = null;
    int injectMicros = 0;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--root" -> root = Path.of(require(args[i], value));
        case "--quick" -> {
          quick = true;
          continue;
        }
        case "--profile" -> {
          profile = true;
          continue;
        }
        case "--profile-alloc" -> {
          profile = true;
          profileAllocation = true;
          continue;
        }
        case "--interleaved" -> {
          interleaved = true;
          continue;
        }
        case "--aa" -> {
          aa = true;
          continue;
        }
        case "--slices" -> slices = Integer.parseInt(require(args[i], value));
        case "--slice-seconds" -> sliceSeconds = Double.parseDouble(require(args[i], value));
        case "--inject-micros" -> injectMicros = Integer.parseInt(require(args[i], value));
        case "--rounds" -> rounds = Integer.parseInt(require(args[i], value));
        case "--concurrency" -> concurrency = Integer.parseInt(require(args[i], value));
        case "--java" -> java = Path.of(require(args[i], value));
        case "--jvm-args" -> jvmArgs = List.of(require(args[i], value).strip().split("\\s+"));
        case "--agents" -> {
          List<AgentSetup> chosen = new ArrayList<>();
          for (String name : require(args[i], value).split(",")) {
            chosen.add(AgentSetup.named(name.strip()));
          }
          agents = List.copyOf(chosen);
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + " (see benchmarks/e2e.sh for the options)");
      }
      i++;
    }
    if (root == null || !Files.isDirectory(root)) {
      throw new IllegalArgumentException("--root <the Sonde checkout> is required");
    }
    if (rounds < 1 || concurrency < 1) {
      throw new IllegalArgumentException("--rounds and --concurrency must be at least 1");
    }
    if (!interleaved && (aa || injectMicros != 0 || slices != null || sliceSeconds != null)) {
      throw new IllegalArgumentException(
          "--aa, --inject-micros, --slices and --slice-seconds go with --interleaved");
    }
    Interleaving interleaving = null;
    if (interleaved) {
      interleaving = new Interleaving(slices != null ? slices : quick ? 3 : 40,
          sliceSeconds != null ? sliceSeconds : quick ? 1 : 3, quick ? 2 : 30, aa, injectMicros);
      if (interleaving.rounds() < 2 || interleaving.sliceSeconds() <= 0 || injectMicros < 0) {
        throw new IllegalArgumentException("--slices must be at least 2, --slice-seconds and"
            + " --inject-micros positive");
      }
    }
    if (agents == null) {
      agents = interleaved ? List.of(AgentSetup.NONE, AgentSetup.SONDE)
          : List.of(AgentSetup.values());
    }
    return new HarnessOptions(root.toAbsolutePath().normalize(), quick, rounds, concurrency, java,
        jvmArgs, agents, quick ? QUICK : FULL,
        quick ? Duration.ofSeconds(1) : Duration.ofSeconds(10), profile, profileAllocation,
        interleaving);
  }

  private static String require(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  Path sondeAgentJar() {
    return root.resolve("agent/target/sonde-agent.jar");
  }

  Path otelAgentJar() {
    return root.resolve("benchmarks/e2e/harness/target/opentelemetry-javaagent.jar");
  }

  Path appJar() {
    return root.resolve("benchmarks/e2e/app/target/e2e-app.jar");
  }

  /** async-profiler's library, which benchmarks/e2e.sh --profile fetches. */
  Path asyncProfilerLibrary() {
    return root.resolve("benchmarks/e2e/harness/target/async-profiler/linux-x64/libasyncProfiler.so");
  }

  Path loadJar() {
    return root.resolve("benchmarks/e2e/load/target/e2e-load-runnable.jar");
  }

  /** Fails naming the first jar that is not built. */
  void requireJars() {
    List<Path> needed = new ArrayList<>(List.of(sondeAgentJar(), otelAgentJar(), appJar(),
        loadJar()));
    if (profile) {
      needed.add(asyncProfilerLibrary());
    }
    for (Path jar : needed) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(jar + " is missing: build with benchmarks/e2e.sh");
      }
    }
  }
}

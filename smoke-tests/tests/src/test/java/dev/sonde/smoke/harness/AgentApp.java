package dev.sonde.smoke.harness;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One smoke-test app running in its own JVM, normally with {@code -javaagent:sonde-agent.jar}.
 *
 * <p>Each run gets a directory under {@code sonde.smoke.work.dir} (failsafe: target/smoke-runs)
 * holding the app's {@code stdout.txt}, {@code stderr.txt} and {@code app.log}, kept after the run
 * for whoever reads a failure.
 */
public final class AgentApp implements AutoCloseable {

  public static final String AGENT_JAR_PROPERTY = "sonde.agent.jar";
  public static final String WORK_DIR_PROPERTY = WorkDir.PROPERTY;
  /**
   * Extra JVM arguments (whitespace-separated) for every app started with the agent, after the
   * harness's own, e.g. {@code -Dsonde.smoke.agent.jvm.args=-Dsonde.log.level=DEBUG} when reading a
   * failure.
   */
  public static final String EXTRA_AGENT_JVM_ARGS_PROPERTY = "sonde.smoke.agent.jvm.args";
  public static final Duration STARTUP = Duration.ofSeconds(30);

  /** Where {@link #threadDump()} keeps the dump, in the run directory. */
  public static final String THREAD_DUMP_FILE = "threads.txt";
  /** How a thread dump's deadlock report begins, and ends. */
  private static final Pattern DEADLOCK_FOUND =
      Pattern.compile("Found (one|\\d+) Java-level deadlocks?:");
  private static final Pattern DEADLOCK_COUNT = Pattern.compile("Found \\d+ deadlocks?\\.");

  /** Apps still running; killed if the test JVM itself is stopped before their tests close them. */
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> RUNNING.forEach(Process::destroyForcibly), "smoke-apps-reaper"));
  }

  private final App app;
  private final Jdk jdk;
  private final boolean agent;
  private final boolean awaitMetricsEndpoint;
  private final String serviceName;
  private final int appPort;
  private final int metricsPort;
  private final Path runDir;
  private final Path stdout;
  private final Path stderr;
  private final Path logFile;
  private final List<String> command;
  private final Process process;
  private final long launchedNanos;
  private volatile Duration servingAfter;

  private AgentApp(Builder builder) throws IOException {
    this.app = builder.app;
    this.jdk = builder.jdk;
    this.agent = builder.agent;
    this.awaitMetricsEndpoint = builder.awaitMetricsEndpoint;
    this.serviceName = builder.serviceName != null ? builder.serviceName : "smoke-" + app.module();
    // Below the ephemeral range: an ephemeral port free when picked was seen taken by another
    // process (an outgoing connection) before the app or its agent could bind it, and a spec then
    // scraped a stranger.
    this.appPort = Ports.freeOutsideEphemeralRange();
    this.metricsPort = builder.metricsPort != null ? builder.metricsPort
        : Ports.freeOutsideEphemeralRange();
    this.runDir = Files.createTempDirectory(WorkDir.get(),
        app.module() + "-jdk" + jdk.version().split("\\.")[0] + (agent ? "-agent-" : "-plain-"));
    this.stdout = runDir.resolve("stdout.txt");
    this.stderr = runDir.resolve("stderr.txt");
    this.logFile = runDir.resolve("app.log");

    List<String> cmd = new ArrayList<>();
    cmd.add(jdk.javaBinary().toString());
    if (agent) {
      cmd.add("-javaagent:" + agentJar());
      Map<String, String> properties = new LinkedHashMap<>();
      properties.put("sonde.service.name", serviceName);
      properties.put("sonde.metrics.host", Ports.LOOPBACK);
      properties.put("sonde.metrics.port", String.valueOf(metricsPort));
      // Without a receiver, point the exporter at a port nothing listens on, never at a default.
      properties.put("sonde.exporter.otlp.endpoint", builder.otlpEndpoint != null
          ? builder.otlpEndpoint : "http://" + Ports.LOOPBACK + ":" + Ports.free());
      properties.put("sonde.traces.export.delay", "200");
      properties.put("sonde.logs.export.delay", "200");
      properties.putAll(builder.systemProperties);
      properties.forEach((key, value) -> cmd.add("-D" + key + "=" + value));
      String extra = System.getProperty(EXTRA_AGENT_JVM_ARGS_PROPERTY, "").strip();
      if (!extra.isEmpty()) {
        cmd.addAll(List.of(extra.split("\\s+")));
      }
    } else {
      builder.systemProperties.forEach((key, value) -> cmd.add("-D" + key + "=" + value));
    }
    cmd.addAll(builder.jvmArgs);
    cmd.add("-Dapp.log.file=" + logFile);
    cmd.add("-jar");
    cmd.add(app.jar().toString());
    cmd.add(String.valueOf(appPort));
    this.command = List.copyOf(cmd);
    Files.writeString(runDir.resolve("command.txt"), String.join(" ", command) + "\n");

    this.launchedNanos = System.nanoTime();
    this.process = new ProcessBuilder(command)
        .directory(runDir.toFile())
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .start();
    RUNNING.add(process);
  }

  /** Starts building a run of {@code app}: by default on the current JDK, with the agent. */
  public static Builder of(App app) {
    return new Builder(app);
  }

  /** Options of one run. */
  public static final class Builder {
    private final App app;
    private Jdk jdk = Jdks.current();
    private boolean agent = true;
    private String serviceName;
    private String otlpEndpoint;
    private Integer metricsPort;
    private boolean awaitMetricsEndpoint = true;
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private final List<String> jvmArgs = new ArrayList<>();

    private Builder(App app) {
      this.app = app;
    }

    public Builder on(Jdk jdk) {
      this.jdk = jdk;
      return this;
    }

    /** The same app, same JVM, no {@code -javaagent}: for comparison. */
    public Builder withoutAgent() {
      this.agent = false;
      return this;
    }

    public Builder serviceName(String serviceName) {
      this.serviceName = serviceName;
      return this;
    }

    /** {@code sonde.exporter.otlp.endpoint} = the receiver. */
    public Builder exportingTo(OtlpReceiver receiver) {
      return otlpEndpoint(receiver.endpoint());
    }

    public Builder otlpEndpoint(String endpoint) {
      this.otlpEndpoint = endpoint;
      return this;
    }

    /** {@code sonde.metrics.port}; by default a free port below the ephemeral range. */
    public Builder metricsPort(int port) {
      this.metricsPort = port;
      return this;
    }

    /** Do not wait for the agent's /metrics port at start-up (it is not expected to open). */
    public Builder metricsEndpointNotExpected() {
      this.awaitMetricsEndpoint = false;
      return this;
    }

    /** A {@code -Dkey=value} for the app's JVM (after the harness's own sonde.* defaults, so it wins). */
    public Builder systemProperty(String key, String value) {
      systemProperties.put(key, value);
      return this;
    }

    public Builder jvmArg(String arg) {
      jvmArgs.add(arg);
      return this;
    }

    /** Starts the JVM and waits until the app's port (and, with the agent, the metrics port) answers. */
    public AgentApp start() {
      return start(() -> { });
    }

    /**
     * Starts the JVM with the agent, waits until the agent's metrics port answers (by then the
     * agent has instrumented the classes and its recorders are on), runs {@code whenAgentIsUp},
     * then waits for the app's port. For an app whose start-up work must run under the agent: it
     * waits for something {@code whenAgentIsUp} provides (a database that does not exist before).
     */
    public AgentApp startOnceTheAgentIsUp(Runnable whenAgentIsUp) {
      requireTheAgentsMetricsEndpoint();
      return start(whenAgentIsUp);
    }

    private AgentApp start(Runnable whenAgentIsUp) {
      AgentApp started = launch();
      try {
        started.awaitTheAgent();
        whenAgentIsUp.run();
        started.awaitTheApp();
      } catch (RuntimeException | Error e) {
        started.close();
        throw e;
      }
      return started;
    }

    /**
     * Starts the JVM and waits, at most {@code within}, until {@code GET path} answers 200 (and,
     * with the agent, until its metrics port answers): for apps whose start takes longer than
     * {@link #STARTUP}, or may never end. When the app does not serve in time, its threads are
     * dumped ({@link #threadDump()}, kept in the run directory as {@code threads.txt}), the JVM is
     * killed, and the AssertionError thrown begins with the deadlocks the JVM found, if any.
     */
    public AgentApp startServing(String path, Duration within) {
      AgentApp started = launch();
      try {
        started.awaitServing(path, within);
        started.awaitTheAgent();
      } catch (RuntimeException | Error e) {
        started.close();
        throw e;
      }
      return started;
    }

    private void requireTheAgentsMetricsEndpoint() {
      if (!agent || !awaitMetricsEndpoint) {
        throw new IllegalStateException("needs the agent and its metrics endpoint");
      }
    }

    /** Starts the JVM, waiting for nothing. */
    private AgentApp launch() {
      try {
        return new AgentApp(this);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * {@link Builder#startOnceTheAgentIsUp} for apps that wait for one thing together: starts all
   * their JVMs (with the agent) at once, waits until every agent's metrics port answers, runs
   * {@code whenAllAgentsAreUp} (creates what the apps wait for at start-up, e.g. the RabbitMQ
   * virtual host they share), then waits for every app's port. On a failure, every app started is
   * stopped.
   */
  public static List<AgentApp> startOnceTheAgentsAreUp(Runnable whenAllAgentsAreUp,
      Builder... builders) {
    for (Builder builder : builders) {
      builder.requireTheAgentsMetricsEndpoint();
    }
    List<AgentApp> started = new ArrayList<>();
    try {
      for (Builder builder : builders) {
        started.add(builder.launch());
      }
      for (AgentApp app : started) {
        app.awaitTheAgent();
      }
      whenAllAgentsAreUp.run();
      for (AgentApp app : started) {
        app.awaitTheApp();
      }
    } catch (RuntimeException | Error e) {
      started.forEach(AgentApp::close);
      throw e;
    }
    return List.copyOf(started);
  }

  /** With the agent (unless its endpoint is not expected): waits for its metrics port. */
  private void awaitTheAgent() {
    if (agent && awaitMetricsEndpoint) {
      awaitPort("the agent's metrics port", metricsPort);
    }
  }

  private void awaitTheApp() {
    awaitPort("the app's HTTP port", appPort);
  }

  /** The agent jar named by {@code sonde.agent.jar}; fails when it has not been built. */
  public static Path agentJar() {
    String jar = System.getProperty(AGENT_JAR_PROPERTY);
    if (jar == null) {
      throw new IllegalStateException("System property " + AGENT_JAR_PROPERTY
          + " is not set: run the smoke tests through Maven (failsafe sets it)");
    }
    Path path = Path.of(jar).toAbsolutePath().normalize();
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("Agent jar not built: " + path);
    }
    return path;
  }

  private void awaitPort(String what, int port) {
    await(app.module() + ": " + what + " " + port + " answering")
        .atMost(STARTUP)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> {
          if (!process.isAlive()) {
            throw new IllegalStateException(app.module() + " exited with " + process.exitValue()
                + " before " + what + " " + port + " answered. Run dir: " + runDir
                + "\nstderr:\n" + String.join("\n", stderrLines()));
          }
          return Ports.listening(port);
        });
  }

  /**
   * Polls {@code GET path} until it answers 200; past {@code within}, dumps the JVM's threads,
   * kills it and fails with the dump, the deadlock report first.
   */
  private void awaitServing(String path, Duration within) {
    long deadline = launchedNanos + within.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (!process.isAlive()) {
        throw new IllegalStateException(app.module() + " exited with " + process.exitValue()
            + " before GET " + path + " answered 200. Run dir: " + runDir
            + "\nstderr:\n" + String.join("\n", stderrLines()));
      }
      try {
        if (Http.get(uri(path)).statusCode() == 200) {
          servingAfter = Duration.ofNanos(System.nanoTime() - launchedNanos);
          return;
        }
      } catch (UncheckedIOException notYet) {
        // not listening yet, or the connection was dropped: ask again
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    String dump = threadDump();
    kill();
    List<String> stderrLines = stderrLines();
    throw new AssertionError(this + " did not answer GET " + path + " with 200 within "
        + within.toSeconds() + " s (pid " + pid() + ").\n"
        + deadlockReport(dump).map(report -> "The JVM found a deadlock:\n" + report)
            .orElse("The JVM reports no Java-level deadlock.")
        + "\n\nThread dump (also in " + runDir.resolve(THREAD_DUMP_FILE) + "):\n" + dump
        + "\nLast stderr lines:\n" + String.join("\n",
            stderrLines.subList(Math.max(0, stderrLines.size() - 30), stderrLines.size())));
  }

  /**
   * The JVM's threads with their locks, by {@code jstack -l} of its own JDK (it ends with the
   * Java-level deadlocks the JVM found); when jstack cannot attach, by SIGQUIT, which makes the
   * JVM print the same to its stdout. Also written to {@code threads.txt} in the run directory.
   */
  public String threadDump() {
    String dump;
    try {
      Path out = runDir.resolve("jstack-output.txt");
      Process jstack = new ProcessBuilder(jdk.home().resolve("bin").resolve("jstack").toString(),
          "-l", String.valueOf(pid()))
          .redirectErrorStream(true).redirectOutput(out.toFile()).start();
      boolean done = jstack.waitFor(30, TimeUnit.SECONDS);
      if (!done) {
        jstack.destroyForcibly();
      }
      dump = Files.readString(out);
      if (!done || jstack.exitValue() != 0 || !dump.contains("Full thread dump")) {
        dump = "jstack -l failed (" + (done ? "exit " + jstack.exitValue() : "timed out")
            + "):\n" + dump + "\nSIGQUIT instead, from the JVM's stdout:\n" + dumpBySigquit();
      }
      Files.writeString(runDir.resolve(THREAD_DUMP_FILE), dump);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return dump;
  }

  private String dumpBySigquit() throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-QUIT", String.valueOf(pid())).start().waitFor(10, TimeUnit.SECONDS);
    Thread.sleep(2000);
    String out = String.join("\n", stdoutLines());
    int start = out.lastIndexOf("Full thread dump");
    return start < 0 ? "(no thread dump on stdout)" : out.substring(start);
  }

  /**
   * The part of a thread dump where the JVM reports its Java-level deadlocks ("Found one
   * Java-level deadlock:" to "Found 1 deadlock."), empty when there is none.
   */
  public static Optional<String> deadlockReport(String threadDump) {
    Matcher found = DEADLOCK_FOUND.matcher(threadDump);
    if (!found.find()) {
      return Optional.empty();
    }
    Matcher end = DEADLOCK_COUNT.matcher(threadDump);
    return Optional.of(end.find(found.start())
        ? threadDump.substring(found.start(), end.end()) : threadDump.substring(found.start()));
  }

  /** How long after its launch the app first answered 200, when started by {@link Builder#startServing}. */
  public Duration servingAfter() {
    return servingAfter;
  }

  /** SIGKILL, no shutdown: for a JVM that is stuck. */
  public void kill() {
    RUNNING.remove(process);
    try {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public App app() {
    return app;
  }

  public Jdk jdk() {
    return jdk;
  }

  public String serviceName() {
    return serviceName;
  }

  public int port() {
    return appPort;
  }

  public int metricsPort() {
    return metricsPort;
  }

  public long pid() {
    return process.pid();
  }

  public Path runDir() {
    return runDir;
  }

  public List<String> command() {
    return command;
  }

  public URI uri(String path) {
    return URI.create("http://" + Ports.LOOPBACK + ":" + appPort + path);
  }

  public HttpResponse<String> get(String path) {
    return get(path, Map.of());
  }

  public HttpResponse<String> get(String path, Map<String, String> headers) {
    try {
      return Http.get(uri(path), headers);
    } catch (UncheckedIOException e) {
      throw explainedIfExited(e);
    }
  }

  /** One GET on its own connection; empty when the app closed the connection without answering. */
  public OptionalInt getOnce(String path, Map<String, String> headers) {
    return Http.getOnce(appPort, path, headers);
  }

  /** A scrape of the agent's {@code /metrics}. */
  public MetricsScrape scrape() {
    if (!agent) {
      throw new IllegalStateException("No agent, no metrics endpoint");
    }
    try {
      return MetricsScrape.of(metricsPort);
    } catch (UncheckedIOException e) {
      throw explainedIfExited(e);
    }
  }

  /** A failed call to a JVM that has exited says so, with its exit code and the end of its stderr. */
  private RuntimeException explainedIfExited(UncheckedIOException failure) {
    if (process.isAlive()) {
      return failure;
    }
    List<String> lines = stderrLines();
    return new IllegalStateException(this + " has exited with code " + process.exitValue()
        + "; last stderr lines:\n" + String.join("\n",
            lines.subList(Math.max(0, lines.size() - 30), lines.size())), failure);
  }

  /** Everything the JVM wrote to stderr so far. */
  public List<String> stderrLines() {
    return readLines(stderr);
  }

  public List<String> stdoutLines() {
    return readLines(stdout);
  }

  /** The agent's own stderr lines of one level: those starting {@code [sonde] <LEVEL> }. */
  public List<String> sondeLines(String level) {
    String prefix = "[sonde] " + level + " ";
    return stderrLines().stream().filter(l -> l.startsWith(prefix)).collect(Collectors.toList());
  }

  /** The app's log file, parsed; lines of another shape (stack traces) are left out. */
  public List<LogLine> logLines() {
    return readLines(logFile).stream()
        .map(LogLine::parse)
        .flatMap(Optional::stream)
        .collect(Collectors.toList());
  }

  /** Waits for the first log line matching {@code condition}. */
  public LogLine awaitLogLine(String description, Predicate<LogLine> condition) {
    return await(app.module() + " log line: " + description)
        .atMost(OtlpReceiver.WAIT)
        .until(() -> logLines().stream().filter(condition).findFirst().orElse(null), l -> l != null);
  }

  /** Waits for the first log line whose message is exactly {@code message}. */
  public LogLine awaitLogMessage(String message) {
    return awaitLogLine("'" + message + "'", l -> l.message().equals(message));
  }

  private static List<String> readLines(Path file) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the JVM (SIGTERM, then SIGKILL after 10 s) and waits for it. */
  @Override
  public void close() {
    RUNNING.remove(process);
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return app.module() + " on " + jdk + (agent ? " with the agent" : " without the agent")
        + " (port " + appPort + ", run dir " + runDir + ")";
  }
}

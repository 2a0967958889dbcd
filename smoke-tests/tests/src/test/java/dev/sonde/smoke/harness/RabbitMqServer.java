package dev.sonde.smoke.harness;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A throwaway RabbitMQ broker (the Debian package's) on 127.0.0.1, everything of it in one directory
 * {@code <sonde.smoke.work.dir>/rabbitmq-*}: {@code HOME} (the Erlang cookie the CLI shares with
 * the node), the Mnesia database, the logs, the config ({@code listeners.tcp.default =
 * 127.0.0.1:<port>}), an empty plugin list, an empty {@code rabbitmq-env.conf} (so nothing in
 * {@code /etc/rabbitmq} applies) and the pid file. Its node name is unique; the AMQP port, the
 * node's distribution port, epmd's port and the CLI's distribution port range are all free ports
 * outside the ephemeral range (the CLI's default range, 35672–35682, lies inside it), and
 * distribution stays on loopback ({@code -kernel inet_dist_use_interface {127,0,0,1}}).
 *
 * <p>The scripts in {@code /usr/lib/rabbitmq/bin} are called directly: the wrappers in
 * {@code /usr/sbin} switch to the {@code rabbitmq} user when run as root, which resets {@code HOME}
 * and so the cookie. Ready once a TCP connection to the AMQP port succeeds (6–8 s on these
 * machines; at most {@link #READY}).
 *
 * <p>{@link #close()} runs {@code rabbitmqctl shutdown}, then {@code epmd -kill} (epmd outlives the
 * node), both with the broker's environment, and kills whatever is left by pid. It deletes the
 * database and the cookie and keeps {@code log/}, {@code server-output.txt} and
 * {@code commands.txt} (every CLI command run and its output) for whoever reads a failure.
 *
 * <p>RabbitMQ not installed is a failure, never a skip: {@code scripts/ensure-packages.sh} installs
 * it, and a spec that needs it must not pass without it.
 */
public final class RabbitMqServer implements AutoCloseable {

  public static final Path BIN = Path.of("/usr/lib/rabbitmq/bin");
  public static final Path SERVER = BIN.resolve("rabbitmq-server");
  public static final Path CTL = BIN.resolve("rabbitmqctl");
  /** Erlang's port mapper daemon, from the Debian package erlang-base. */
  public static final Path EPMD = Path.of("/usr/bin/epmd");
  public static final Duration READY = Duration.ofSeconds(40);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOPPED = Duration.ofSeconds(20);
  private static final int CTL_DIST_PORTS = 5;
  private static final String LOOPBACK_DISTRIBUTION = "-kernel inet_dist_use_interface {127,0,0,1}";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  /** Brokers still running; killed if the test JVM is stopped before their tests close them. */
  private static final Set<RabbitMqServer> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> RUNNING.forEach(RabbitMqServer::stopQuietly), "rabbitmq-reaper"));
  }

  private final Path dir;
  private final Path home;
  private final Path mnesia;
  private final Path logDir;
  private final Path pidFile;
  private final Path serverOutput;
  private final Path commandsFile;
  private final String nodeName;
  private int port;
  private Map<String, String> environment;
  /** The {@code rabbitmq-server} script we started (the Erlang VM is its child). */
  private Process script;

  private RabbitMqServer() throws IOException {
    this.dir = Files.createTempDirectory(AgentApp.workDir(), "rabbitmq-");
    this.home = Files.createDirectories(dir.resolve("home"));
    this.mnesia = Files.createDirectories(dir.resolve("mnesia"));
    this.logDir = Files.createDirectories(dir.resolve("log"));
    this.pidFile = dir.resolve("rabbitmq.pid");
    this.serverOutput = dir.resolve("server-output.txt");
    this.commandsFile = Files.createFile(dir.resolve("commands.txt"));
    Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
    Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
    this.nodeName = "sonde-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt())
        + "@localhost";
  }

  /**
   * Starts a broker; returns once its AMQP port accepts connections. Fails (never skips) when
   * rabbitmq-server is not installed.
   */
  public static RabbitMqServer start() {
    for (Path tool : List.of(SERVER, CTL, EPMD)) {
      if (!Files.isExecutable(tool)) {
        throw new IllegalStateException("RabbitMQ is not installed: no " + tool + ". Install the"
            + " Debian package rabbitmq-server (scripts/ensure-packages.sh does it).");
      }
    }
    RabbitMqServer server;
    try {
      server = new RabbitMqServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      server.startOnFreePorts();
    } catch (RuntimeException | Error e) {
      server.stopQuietly();
      throw e;
    }
    return server;
  }

  /** Picks the ports and starts; other ports when one turns out to be taken by then. */
  private void startOnFreePorts() {
    for (int attempt = 1; ; attempt++) {
      try {
        launch();
        return;
      } catch (IllegalStateException e) {
        boolean portTaken = e.getMessage().contains("eaddrinuse");
        stopQuietly();
        if (!portTaken || attempt == 3) {
          throw e;
        }
      }
    }
  }

  private void launch() {
    port = Ports.freeOutsideEphemeralRange();
    int distPort = Ports.freeOutsideEphemeralRange();
    int epmdPort = Ports.freeOutsideEphemeralRange();
    int ctlDistPorts = Ports.freeRangeOutsideEphemeralRange(CTL_DIST_PORTS);
    Path config = dir.resolve("rabbitmq.conf");
    try {
      Files.createDirectories(home);
      Files.createDirectories(mnesia);
      Files.writeString(config, "listeners.tcp.default = " + Ports.LOOPBACK + ":" + port + "\n");
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HOME", home.toString());
    env.put("RABBITMQ_NODENAME", nodeName);
    env.put("RABBITMQ_MNESIA_BASE", mnesia.toString());
    env.put("RABBITMQ_LOG_BASE", logDir.toString());
    env.put("RABBITMQ_LOGS", logDir.resolve("rabbit.log").toString());
    env.put("RABBITMQ_CONFIG_FILE", config.toString());
    env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
    env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
    env.put("RABBITMQ_PID_FILE", pidFile.toString());
    env.put("RABBITMQ_NODE_PORT", String.valueOf(port));
    env.put("RABBITMQ_DIST_PORT", String.valueOf(distPort));
    env.put("ERL_EPMD_PORT", String.valueOf(epmdPort));
    env.put("ERL_EPMD_ADDRESS", Ports.LOOPBACK);
    env.put("RABBITMQ_CTL_DIST_PORT_MIN", String.valueOf(ctlDistPorts));
    env.put("RABBITMQ_CTL_DIST_PORT_MAX", String.valueOf(ctlDistPorts + CTL_DIST_PORTS - 1));
    env.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", LOOPBACK_DISTRIBUTION);
    env.put("RABBITMQ_CTL_ERL_ARGS", LOOPBACK_DISTRIBUTION);
    environment = Map.copyOf(env);
    try {
      Files.writeString(commandsFile, "# environment\n" + envLines() + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      ProcessBuilder builder = new ProcessBuilder(SERVER.toString())
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(serverOutput.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().putAll(environment);
      script = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RUNNING.add(this);
    try {
      await("RabbitMQ " + nodeName + " accepting AMQP connections on 127.0.0.1:" + port)
          .atMost(READY)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> {
            if (!script.isAlive()) {
              throw new IllegalStateException("rabbitmq-server exited with " + script.exitValue());
            }
            return Ports.listening(port);
          });
    } catch (RuntimeException e) {
      throw failure("RabbitMQ on port " + port + " not ready: " + e.getMessage());
    }
  }

  private String envLines() {
    StringBuilder lines = new StringBuilder();
    environment.forEach((k, v) -> lines.append(k).append('=').append(v).append('\n'));
    return lines.toString();
  }

  public String host() {
    return Ports.LOOPBACK;
  }

  /** The AMQP port. */
  public int port() {
    return port;
  }

  public String nodeName() {
    return nodeName;
  }

  public Path dir() {
    return dir;
  }

  /** A virtual host the default user {@code guest} may do everything in. */
  public void addVhost(String vhost) {
    requireName(vhost);
    ctlOrFail("add_vhost", vhost);
    ctlOrFail("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
  }

  /** The broker's own view of a queue: messages ready, delivered but unacknowledged, consumers. */
  public record QueueState(long ready, long unacknowledged, long consumers) {}

  /** {@code rabbitmqctl list_queues} of {@code vhost}, by queue name. */
  public Map<String, QueueState> queues(String vhost) {
    requireName(vhost);
    String output = ctlOrFail("--quiet", "--no-table-headers", "list_queues", "-p", vhost,
        "name", "messages_ready", "messages_unacknowledged", "consumers");
    Map<String, QueueState> queues = new LinkedHashMap<>();
    for (String line : output.strip().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] columns = line.strip().split("\\s+");
      if (columns.length != 4) {
        throw new IllegalStateException("list_queues printed an unexpected line: " + line);
      }
      queues.put(columns[0], new QueueState(Long.parseLong(columns[1]),
          Long.parseLong(columns[2]), Long.parseLong(columns[3])));
    }
    return queues;
  }

  /** One queue of {@link #queues(String)}; fails when the broker does not have it. */
  public QueueState queue(String vhost, String queue) {
    QueueState state = queues(vhost).get(queue);
    if (state == null) {
      throw new IllegalStateException("No queue " + queue + " in vhost " + vhost);
    }
    return state;
  }

  private static void requireName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a plain name, please: " + name);
    }
  }

  private String ctlOrFail(String... args) {
    List<String> command = new ArrayList<>(List.of(CTL.toString()));
    command.addAll(List.of(args));
    CommandResult result = command(command);
    if (result.exitCode() != 0) {
      throw failure("rabbitmqctl " + String.join(" ", args) + " failed (exit " + result.exitCode()
          + "):\n" + result.output());
    }
    return result.output();
  }

  /** {@code rabbitmqctl shutdown}, {@code epmd -kill}, then kills by pid whatever still runs. */
  @Override
  public void close() {
    if (!RUNNING.remove(this)) {
      return;
    }
    List<String> problems = new ArrayList<>();
    CommandResult shutdown = command(List.of(CTL.toString(), "shutdown"));
    if (shutdown.exitCode() != 0) {
      problems.add("rabbitmqctl shutdown exited " + shutdown.exitCode() + ": " + shutdown.output());
    }
    CommandResult epmd = command(List.of(EPMD.toString(), "-kill"));
    if (epmd.exitCode() != 0) {
      problems.add("epmd -kill exited " + epmd.exitCode() + ": " + epmd.output());
    }
    if (!killLeftovers()) {
      problems.add("the node was still running after rabbitmqctl shutdown; killed by pid");
    }
    deleteState();
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Stopping " + this + ": " + String.join("; ", problems)
          + "\nCommands and their output: " + commandsFile);
    }
  }

  /** For failures and the JVM's shutdown hook: no CLI checks, just make sure nothing is left. */
  private void stopQuietly() {
    RUNNING.remove(this);
    if (environment != null) {
      command(List.of(CTL.toString(), "shutdown"));
      command(List.of(EPMD.toString(), "-kill"));
    }
    killLeftovers();
    deleteState();
  }

  /**
   * Waits for the node (from the pid file) and the script to exit; kills what has not within
   * {@link #STOPPED}. True when nothing had to be killed.
   */
  private boolean killLeftovers() {
    List<ProcessHandle> processes = new ArrayList<>();
    nodeProcess().ifPresent(processes::add);
    if (script != null) {
      script.descendants().forEach(processes::add);
      processes.add(script.toHandle());
    }
    boolean clean = true;
    long deadline = System.nanoTime() + STOPPED.toNanos();
    for (ProcessHandle process : processes) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        process.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (Exception notExited) {
        clean = false;
        process.destroyForcibly();
      }
    }
    return clean;
  }

  private Optional<ProcessHandle> nodeProcess() {
    try {
      long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).strip());
      return ProcessHandle.of(pid);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Deletes the database and the cookie; the logs and the command output stay. */
  private void deleteState() {
    for (Path path : List.of(mnesia, home)) {
      if (!Files.exists(path)) {
        continue;
      }
      try (Stream<Path> paths = Files.walk(path)) {
        paths.sorted(Comparator.reverseOrder()).forEach(each -> {
          try {
            Files.deleteIfExists(each);
          } catch (IOException ignored) {
            // best effort
          }
        });
      } catch (IOException ignored) {
        // best effort
      }
    }
  }

  // ---------------------------------------------------------------- processes

  /** What a command printed (stdout and stderr together) and how it exited. */
  private record CommandResult(int exitCode, String output) {}

  /**
   * Runs {@code command} with the broker's environment to completion, output to a file (never a
   * pipe that epmd, which daemonizes, could keep open).
   */
  private CommandResult command(List<String> command) {
    Path output = null;
    try {
      output = Files.createTempFile(dir, "command-", ".txt");
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(output.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().putAll(environment);
      Process process = builder.start();
      int exitCode;
      if (process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        exitCode = process.exitValue();
      } else {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        exitCode = -1;
      }
      String printed = Files.readString(output, StandardCharsets.UTF_8);
      Files.writeString(commandsFile, "$ " + String.join(" ", command) + "\n" + printed
          + "(exit " + exitCode + ")\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      return new CommandResult(exitCode, printed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          // a temp file
        }
      }
    }
  }

  /** The end of the server's output and of its log. */
  private IllegalStateException failure(String what) {
    return new IllegalStateException(what + "\nServer output " + serverOutput + " (last lines):\n"
        + tail(serverOutput) + "\nServer log " + logDir.resolve("rabbit.log") + " (last lines):\n"
        + tail(logDir.resolve("rabbit.log")) + "\nCommands and their output: " + commandsFile);
  }

  private static String tail(Path file) {
    try {
      if (!Files.exists(file)) {
        return "(none)";
      }
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Override
  public String toString() {
    return "RabbitMQ " + nodeName + " on " + Ports.LOOPBACK + ":" + port + " (" + dir + ")";
  }
}

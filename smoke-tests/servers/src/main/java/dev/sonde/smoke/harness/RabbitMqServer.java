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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

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
public final class RabbitMqServer extends ThrowawayServer {

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

  private final Path home;
  private final Path mnesia;
  private final Path logDir;
  private final Path pidFile;
  private final Path serverOutput;
  private final String nodeName;
  private Map<String, String> environment;
  /** The {@code rabbitmq-server} script we started (the Erlang VM is its child). */
  private Process script;

  private RabbitMqServer() throws IOException {
    super("rabbitmq", COMMAND_TIMEOUT);
    this.home = Files.createDirectories(dir.resolve("home"));
    this.mnesia = Files.createDirectories(dir.resolve("mnesia"));
    this.logDir = Files.createDirectories(dir.resolve("log"));
    this.pidFile = dir.resolve("rabbitmq.pid");
    this.serverOutput = dir.resolve("server-output.txt");
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
    requireInstalled("RabbitMQ", "rabbitmq-server", SERVER, CTL, EPMD);
    return createAndStart(RabbitMqServer::new, RabbitMqServer::startOnFreePorts);
  }

  /** Picks the ports and starts; other ports when one turns out to be taken by then. */
  private void startOnFreePorts() {
    retryWhilePortTaken(this::launch, failed -> failed.getMessage().contains("eaddrinuse"),
        this::stopQuietly);
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
    // Erlang writes a crash dump to its working directory unless told where: the server's own.
    env.put("ERL_CRASH_DUMP", dir.resolve("erl_crash.dump").toString());
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
    markRunning();
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

  /** The AMQP port. */
  @Override
  public int port() {
    return port;
  }

  public String nodeName() {
    return nodeName;
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
    if (!markStopped()) {
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
  @Override
  protected void stopQuietly() {
    markStopped();
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
    processFromPidFile(pidFile).ifPresent(processes::add);
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

  /** Deletes the database and the cookie; the logs and the command output stay. */
  private void deleteState() {
    deleteRecursively(mnesia);
    deleteRecursively(home);
  }

  // ---------------------------------------------------------------- processes

  /**
   * Every CLI command runs with the broker's environment (the cookie in {@code HOME}, the node
   * name, the ports), in its directory.
   */
  @Override
  protected void configure(ProcessBuilder command) {
    command.directory(dir.toFile()).environment().putAll(environment);
  }

  /** rabbitmqctl is a script: the Erlang VM it starts would outlive it. */
  @Override
  protected void kill(Process command) {
    command.descendants().forEach(ProcessHandle::destroyForcibly);
    command.destroyForcibly();
  }

  /** The end of the server's output and of its log. */
  @Override
  protected String logTails() {
    return "\nServer output " + serverOutput + " (last lines):\n" + tail(serverOutput)
        + "\nServer log " + logDir.resolve("rabbit.log") + " (last lines):\n"
        + tail(logDir.resolve("rabbit.log"));
  }

  private static String tail(Path file) {
    try {
      if (!Files.exists(file)) {
        return "(none)";
      }
      return lastLines(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Override
  public String toString() {
    return "RabbitMQ " + nodeName + " on " + Ports.LOOPBACK + ":" + port + " (" + dir + ")";
  }
}

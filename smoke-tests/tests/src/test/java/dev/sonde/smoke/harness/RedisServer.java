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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway {@code redis-server} (the Debian package's) on 127.0.0.1, on a free port outside the
 * ephemeral range, with a password ({@code --requirepass}), no persistence ({@code --save ''},
 * {@code --appendonly no}), daemonized with its pid file, working directory and log in
 * {@code <sonde.smoke.work.dir>/redis-*}; ready once {@code redis-cli ping} answers {@code PONG}.
 *
 * <p>{@link #stop()} ends the server by its pid (SIGTERM) and waits until it has exited;
 * {@link #startAgain()} starts it again on the same port, empty. {@link #close()} stops it for good.
 * The directory keeps {@code server.log} and {@code commands.txt} (every command run and its
 * output) for whoever reads a failure.
 *
 * <p>Redis not installed is a failure, never a skip: {@code scripts/ensure-packages.sh} installs
 * it, and a spec that needs it must not pass without it.
 */
public final class RedisServer implements AutoCloseable {

  /** The Debian package {@code redis-server} puts both here. */
  public static final Path SERVER = Path.of("/usr/bin/redis-server");
  public static final Path CLI = Path.of("/usr/bin/redis-cli");
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration READY = Duration.ofSeconds(20);
  private static final Duration STOPPED = Duration.ofSeconds(20);
  /** What redis-server logs when its port is taken. */
  private static final String PORT_TAKEN = "Address already in use";

  /** Servers still running; stopped if the test JVM is stopped before their tests close them. */
  private static final Set<RedisServer> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> RUNNING.forEach(RedisServer::stopQuietly), "redis-reaper"));
  }

  private final String password;
  private final Path dir;
  private final Path pidFile;
  private final Path logFile;
  private final Path commandsFile;
  private int port;
  /** The running server's process, read from its pid file; null while stopped. */
  private ProcessHandle process;

  private RedisServer(String password) throws IOException {
    this.password = password;
    this.dir = Files.createTempDirectory(AgentApp.workDir(), "redis-");
    this.pidFile = dir.resolve("redis.pid");
    this.logFile = dir.resolve("server.log");
    this.commandsFile = dir.resolve("commands.txt");
    Files.createFile(commandsFile);
  }

  /**
   * Starts a server that requires {@code password}; returns once it answers PONG. Fails (never
   * skips) when redis-server is not installed.
   */
  public static RedisServer start(String password) {
    for (Path tool : List.of(SERVER, CLI)) {
      if (!Files.isExecutable(tool)) {
        throw new IllegalStateException("Redis is not installed: no " + tool + ". Install the"
            + " Debian package redis-server (scripts/ensure-packages.sh does it).");
      }
    }
    if (password.isEmpty() || password.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\')) {
      throw new IllegalArgumentException("a password of visible characters, no quotes: " + password);
    }
    RedisServer server;
    try {
      server = new RedisServer(password);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      server.startOnAFreePort();
    } catch (RuntimeException | Error e) {
      server.stopQuietly();
      throw e;
    }
    return server;
  }

  /** Picks a port and starts; another port when the first turns out to be taken by then. */
  private void startOnAFreePort() {
    for (int attempt = 1; ; attempt++) {
      port = Ports.freeOutsideEphemeralRange();
      try {
        launch();
        return;
      } catch (IllegalStateException e) {
        boolean portTaken = e.getMessage().contains(PORT_TAKEN);
        if (!portTaken || attempt == 3) {
          throw e;
        }
      }
    }
  }

  /** redis-server daemonizes: the command returns at once, the server is ready a moment later. */
  private void launch() {
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int logStart = serverLog().length();
    CommandResult result = command(SERVER.toString(),
        "--port", String.valueOf(port),
        "--bind", Ports.LOOPBACK,
        "--save", "",
        "--appendonly", "no",
        "--daemonize", "yes",
        "--pidfile", pidFile.toString(),
        "--dir", dir.toString(),
        "--logfile", logFile.toString(),
        "--requirepass", password);
    if (result.exitCode() != 0) {
      throw failure("redis-server did not start on port " + port, result);
    }
    try {
      await("redis-server on 127.0.0.1:" + port + " answering PONG (server log " + logFile + ")")
          .atMost(READY)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> {
            String log = serverLog();
            if (log.length() > logStart && log.substring(logStart).contains(PORT_TAKEN)) {
              throw new IllegalStateException(PORT_TAKEN + ": port " + port);
            }
            return cli("PING").equals("PONG") && Files.isRegularFile(pidFile);
          });
    } catch (RuntimeException e) {
      throw failure("redis-server on port " + port + " not ready: " + e.getMessage(), result);
    }
    process = processFromPidFile().orElseThrow(() -> failure(
        "redis-server answers on port " + port + " but its pid file names no live process", result));
    RUNNING.add(this);
  }

  private Optional<ProcessHandle> processFromPidFile() {
    try {
      long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).strip());
      return ProcessHandle.of(pid);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Runs {@code redis-cli -p <port> <args>} with the password (given in the environment, never on
   * the command line); returns what it printed, trimmed. A Redis error reply is printed, not thrown.
   */
  public String cli(String... args) {
    List<String> full = new ArrayList<>(List.of(CLI.toString(), "-h", Ports.LOOPBACK,
        "-p", String.valueOf(port)));
    full.addAll(List.of(args));
    CommandResult result = command(full.toArray(String[]::new));
    if (result.exitCode() != 0) {
      return "(redis-cli exit " + result.exitCode() + ") " + result.output().strip();
    }
    return result.output().strip();
  }

  /** {@code SET key value} with redis-cli; fails unless Redis answers OK. */
  public void set(String key, String value) {
    String reply = cli("SET", key, value);
    if (!reply.equals("OK")) {
      throw new IllegalStateException("SET " + key + " answered: " + reply);
    }
  }

  public String host() {
    return Ports.LOOPBACK;
  }

  public int port() {
    return port;
  }

  /** What {@code AUTH} needs. */
  public String password() {
    return password;
  }

  public boolean running() {
    return process != null && process.isAlive();
  }

  /** Ends the server by its pid (SIGTERM: it exits at once, saving nothing) and waits for it. */
  public void stop() {
    ProcessHandle running = process;
    if (running == null) {
      throw new IllegalStateException("redis-server on port " + port + " is not running");
    }
    RUNNING.remove(this);
    running.destroy();
    try {
      running.onExit().get(STOPPED.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      running.destroyForcibly();
      throw new IllegalStateException("redis-server (pid " + running.pid() + ") did not exit in "
          + STOPPED + " after SIGTERM; killed", e);
    }
    process = null;
    await("nothing listening on 127.0.0.1:" + port + " after redis-server exited")
        .atMost(STOPPED).pollInterval(Duration.ofMillis(50))
        .until(() -> !Ports.listening(port));
  }

  /** Starts the stopped server again, on the same port and with the same password, empty. */
  public void startAgain() {
    if (running()) {
      throw new IllegalStateException("redis-server on port " + port + " is running");
    }
    launch();
  }

  @Override
  public void close() {
    if (running()) {
      stop();
    }
  }

  private void stopQuietly() {
    RUNNING.remove(this);
    ProcessHandle running = process != null ? process : processFromPidFile().orElse(null);
    if (running != null && running.isAlive()) {
      running.destroyForcibly();
    }
    process = null;
  }

  public Path dir() {
    return dir;
  }

  /** The server log so far. */
  public String serverLog() {
    try {
      return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(server log " + logFile + " unreadable: " + e + ")";
    }
  }

  // ---------------------------------------------------------------- processes

  /** What a command printed (stdout and stderr together) and how it exited. */
  private record CommandResult(List<String> command, int exitCode, String output) {}

  /**
   * Runs {@code command} to completion, the password in {@code REDISCLI_AUTH}. Output goes to a
   * file, never a pipe: the daemon redis-server leaves running must not hold a pipe the test would
   * wait on.
   */
  private CommandResult command(String... command) {
    Path output = null;
    try {
      output = Files.createTempFile(dir, "command-", ".txt");
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(output.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().put("REDISCLI_AUTH", password);
      Process process = builder.start();
      int exitCode;
      if (process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        exitCode = process.exitValue();
      } else {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        exitCode = -1;
      }
      String printed = Files.readString(output, StandardCharsets.UTF_8);
      Files.writeString(commandsFile, "$ " + String.join(" ", command) + "\n" + printed
          + "(exit " + exitCode + ")\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      return new CommandResult(List.of(command), exitCode, printed);
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

  private IllegalStateException failure(String what, CommandResult result) {
    List<String> lines = serverLog().lines().toList();
    return new IllegalStateException(what + " (exit " + result.exitCode() + "): "
        + String.join(" ", result.command()) + "\n" + result.output()
        + "\nServer log " + logFile + " (last lines):\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()))
        + "\nCommands and their output: " + commandsFile);
  }

  @Override
  public String toString() {
    return "redis-server on " + Ports.LOOPBACK + ":" + port + " (" + dir + ")";
  }
}

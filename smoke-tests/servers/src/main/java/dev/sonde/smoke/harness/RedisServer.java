package dev.sonde.smoke.harness;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
public final class RedisServer extends ThrowawayServer {

  /** The Debian package {@code redis-server} puts both here. */
  public static final Path SERVER = Path.of("/usr/bin/redis-server");
  public static final Path CLI = Path.of("/usr/bin/redis-cli");
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration READY = Duration.ofSeconds(20);
  private static final Duration STOPPED = Duration.ofSeconds(20);
  /** What redis-server logs when its port is taken. */
  private static final String PORT_TAKEN = "Address already in use";

  private final String password;
  private final Path pidFile;
  private final Path logFile;
  /** The running server's process, read from its pid file; null while stopped. */
  private ProcessHandle process;

  private RedisServer(String password) throws IOException {
    super("redis", COMMAND_TIMEOUT);
    this.password = password;
    this.pidFile = dir.resolve("redis.pid");
    this.logFile = dir.resolve("server.log");
  }

  /**
   * Starts a server that requires {@code password}; returns once it answers PONG. Fails (never
   * skips) when redis-server is not installed.
   */
  public static RedisServer start(String password) {
    requireInstalled("Redis", "redis-server", SERVER, CLI);
    if (password.isEmpty() || password.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\')) {
      throw new IllegalArgumentException("a password of visible characters, no quotes: " + password);
    }
    return createAndStart(() -> new RedisServer(password), RedisServer::startOnAFreePort);
  }

  /** Picks a port and starts; another port when the first turns out to be taken by then. */
  private void startOnAFreePort() {
    retryWhilePortTaken(() -> {
      port = Ports.freeOutsideEphemeralRange();
      launch();
    }, failed -> failed.getMessage().contains(PORT_TAKEN));
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
    process = processFromPidFile(pidFile).orElseThrow(() -> failure(
        "redis-server answers on port " + port + " but its pid file names no live process", result));
    markRunning();
  }

  /**
   * Runs {@code redis-cli -p <port> <args>} with the password (given in the environment, never on
   * the command line); returns what it printed, trimmed. A Redis error reply is printed, not thrown.
   */
  public String cli(String... args) {
    List<String> full = new ArrayList<>(List.of(CLI.toString(), "-h", Ports.LOOPBACK,
        "-p", String.valueOf(port)));
    full.addAll(List.of(args));
    CommandResult result = command(full);
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
    markStopped();
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

  @Override
  protected void stopQuietly() {
    markStopped();
    ProcessHandle running = process != null ? process : processFromPidFile(pidFile).orElse(null);
    if (running != null && running.isAlive()) {
      running.destroyForcibly();
    }
    process = null;
  }

  /** The server log so far. */
  public String serverLog() {
    return readLog(logFile);
  }

  /** Every command gets the password in {@code REDISCLI_AUTH}, never on its command line. */
  @Override
  protected void configure(ProcessBuilder command) {
    command.environment().put("REDISCLI_AUTH", password);
  }

  @Override
  protected String logTails() {
    return serverLogTail(logFile);
  }

  @Override
  public String toString() {
    return "redis-server on " + Ports.LOOPBACK + ":" + port + " (" + dir + ")";
  }
}

package dev.sonde.smoke.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What the servers the specs start for themselves ({@link PostgresServer}, {@link RedisServer},
 * {@link RabbitMqServer}: the Debian packages' binaries on 127.0.0.1, one per spec, thrown away
 * after it) have in common. A subclass keeps only what is its server's own: its commands, its
 * readiness check, its configuration, how it stops.
 *
 * <ul>
 *   <li>A server not installed is a failure naming the Debian package, never a skip
 *       ({@link #requireInstalled}): {@code scripts/ensure-packages.sh} installs it, and a spec
 *       that needs it must not pass without it.
 *   <li>Each server has a directory {@code <sonde.smoke.work.dir>/<name>-*} that outlives it, with
 *       {@code commands.txt}: every command run and its output, for whoever reads a failure.
 *   <li>Ports are picked outside the ephemeral range, and picked again when one turns out to be
 *       taken by the time the server binds it ({@link #retryWhilePortTaken}).
 *   <li>A start that fails stops whatever it had started ({@link #createAndStart}); a server still
 *       running when the test JVM is stopped before its test closes it is stopped by a shutdown
 *       hook.
 * </ul>
 */
public abstract class ThrowawayServer implements AutoCloseable {

  /** How many times a start picks ports before it gives up. */
  private static final int START_ATTEMPTS = 3;
  /** How much of a log a failure quotes. */
  private static final int TAIL_LINES = 20;

  /** Servers still running; stopped if the test JVM is stopped before their tests close them. */
  private static final Set<ThrowawayServer> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> RUNNING.forEach(ThrowawayServer::stopQuietly), "throwaway-server-reaper"));
  }

  /** {@code <sonde.smoke.work.dir>/<name>-*}; kept after the server is gone. */
  protected final Path dir;
  /** Every command run and its output. */
  protected final Path commandsFile;
  private final Duration commandTimeout;
  /** The port clients connect to. */
  protected int port;

  /** Creates the server's directory and its {@code commands.txt}; starts nothing. */
  protected ThrowawayServer(String name, Duration commandTimeout) throws IOException {
    this.dir = Files.createTempDirectory(WorkDir.get(), name + "-");
    this.commandsFile = Files.createFile(dir.resolve("commands.txt"));
    this.commandTimeout = commandTimeout;
  }

  public String host() {
    return Ports.LOOPBACK;
  }

  public int port() {
    return port;
  }

  public Path dir() {
    return dir;
  }

  /**
   * For failures and the JVM's shutdown hook: no checks, just make sure nothing of the server is
   * left running.
   */
  protected abstract void stopQuietly();

  /**
   * The end of each of the server's logs, each after a line naming it ({@code "\nServer log <file>
   * (last lines):\n"}), for {@link #failure(String)}.
   */
  protected abstract String logTails();

  // ---------------------------------------------------------------- starting

  /** What a subclass's constructor is: it may fail creating the server's files. */
  @FunctionalInterface
  protected interface Creation<S extends ThrowawayServer> {
    S create() throws IOException;
  }

  /** Fails, naming the Debian package, unless each of {@code tools} is installed. */
  protected static void requireInstalled(String server, String debianPackage, Path... tools) {
    for (Path tool : tools) {
      if (!Files.isExecutable(tool)) {
        throw notInstalled(server, tool.toString(), debianPackage);
      }
    }
  }

  /** "{@code server} is not installed: no {@code missing}. Install the Debian package ...". */
  protected static IllegalStateException notInstalled(String server, String missing,
      String debianPackage) {
    return new IllegalStateException(server + " is not installed: no " + missing + ". Install the"
        + " Debian package " + debianPackage + " (scripts/ensure-packages.sh does it).");
  }

  /**
   * Creates a server and starts it with {@code start}; when that fails, {@link #stopQuietly()
   * stops} whatever it had started before rethrowing.
   */
  protected static <S extends ThrowawayServer> S createAndStart(Creation<S> create,
      Consumer<S> start) {
    S server;
    try {
      server = create.create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      start.accept(server);
    } catch (RuntimeException | Error e) {
      server.stopQuietly();
      throw e;
    }
    return server;
  }

  /** {@link #retryWhilePortTaken(Runnable, Predicate, Runnable)}, nothing to undo in between. */
  protected static void retryWhilePortTaken(Runnable attempt,
      Predicate<IllegalStateException> portTaken) {
    retryWhilePortTaken(attempt, portTaken, () -> { });
  }

  /**
   * Runs {@code attempt}, which picks free ports and starts the server on them; runs it again when
   * it fails because one of those ports was taken by the time the server bound it (a port is only
   * free at the moment it is picked), at most {@link #START_ATTEMPTS} times in all. {@code
   * afterFailure} runs after each failed attempt, before the next one or the rethrow.
   */
  protected static void retryWhilePortTaken(Runnable attempt,
      Predicate<IllegalStateException> portTaken, Runnable afterFailure) {
    for (int attempts = 1; ; attempts++) {
      try {
        attempt.run();
        return;
      } catch (IllegalStateException e) {
        boolean taken = portTaken.test(e);
        afterFailure.run();
        if (!taken || attempts == START_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** From now on, the shutdown hook stops this server if its test does not. */
  protected final void markRunning() {
    RUNNING.add(this);
  }

  /** Stopped, or being stopped: the shutdown hook leaves it alone. False when it was not running. */
  protected final boolean markStopped() {
    return RUNNING.remove(this);
  }

  // ---------------------------------------------------------------- commands

  /** What a command printed (stdout and stderr together) and how it exited. */
  protected record CommandResult(List<String> command, int exitCode, String output) {}

  protected final CommandResult command(String... command) {
    return command(List.of(command));
  }

  /**
   * Runs {@code command} to completion ({@link #configure configured} for this server; killed after
   * the command timeout) and appends it and its output to {@code commands.txt}. Output goes to a
   * file, never a pipe: a daemon the command leaves running (the server, epmd) must not hold a pipe
   * the test would wait on.
   */
  protected final CommandResult command(List<String> command) {
    Path output = null;
    try {
      output = Files.createTempFile(dir, "command-", ".txt");
      // In the server's own directory: what a command leaves behind (an Erlang VM's
      // erl_crash.dump) stays there, not in the test's working directory.
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(output.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      configure(builder);
      Process process = builder.start();
      int exitCode;
      if (process.waitFor(commandTimeout.toSeconds(), TimeUnit.SECONDS)) {
        exitCode = process.exitValue();
      } else {
        kill(process);
        process.waitFor(10, TimeUnit.SECONDS);
        exitCode = -1;
      }
      String printed = Files.readString(output, StandardCharsets.UTF_8);
      Files.writeString(commandsFile, "$ " + String.join(" ", command) + "\n" + printed
          + "(exit " + exitCode + ")\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      return new CommandResult(List.copyOf(command), exitCode, printed);
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

  /** The environment or working directory every command of this server needs; none by default. */
  protected void configure(ProcessBuilder command) {
  }

  /** Kills a command that ran past the timeout; a subclass kills its children too if need be. */
  protected void kill(Process command) {
    command.destroyForcibly();
  }

  // ---------------------------------------------------------------- failures, files, processes

  /** {@code what}, the end of the server's logs, and where the commands' output is. */
  protected final IllegalStateException failure(String what) {
    return new IllegalStateException(what + logTails() + "\nCommands and their output: "
        + commandsFile);
  }

  /** {@link #failure(String)} with the command that failed, its exit code and its output. */
  protected final IllegalStateException failure(String what, CommandResult result) {
    return failure(what + " (exit " + result.exitCode() + "): "
        + String.join(" ", result.command()) + "\n" + result.output());
  }

  /** The last lines of {@code text}, for a failure message. */
  protected static String lastLines(String text) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
  }

  /** {@code "\nServer log <file> (last lines):\n"} and the last lines of the server log. */
  protected static String serverLogTail(Path log) {
    return "\nServer log " + log + " (last lines):\n" + lastLines(readLog(log));
  }

  /** A server log so far: empty before the server has written one, never an exception. */
  protected static String readLog(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(server log " + log + " unreadable: " + e + ")";
    }
  }

  /** The live process whose pid the server wrote to {@code pidFile}, if any. */
  protected static Optional<ProcessHandle> processFromPidFile(Path pidFile) {
    try {
      long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).strip());
      return ProcessHandle.of(pid);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Best effort: these are temp directories, and a leftover file must not fail a spec. */
  protected static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException ignored) {
          // best effort
        }
      });
    } catch (IOException ignored) {
      // best effort
    }
  }
}

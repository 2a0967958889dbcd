package dev.sonde.e2e.harness;

import dev.sonde.e2e.load.HttpConnection;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The service (benchmarks/e2e/app) running in its own JVM, its files in one directory:
 * {@code command.txt}, {@code stdout.txt}, {@code stderr.txt} (the agents' own lines) and
 * {@code app.log} (the service's Logback lines).
 */
final class ServiceProcess implements AutoCloseable {

  private static final long STARTUP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(180);
  private static final long PROBE_PAUSE_MILLIS = 10;
  private static final int PROBE_TIMEOUT_MILLIS = 2000;
  private static final String ALLOCATED = "allocated ";
  /** A line with a real trace id in it (both agents' MDC key is {@code trace_id}). */
  private static final Pattern TRACE_ID = Pattern.compile("trace_id=[0-9a-f]{32} ");

  private final Process process;
  private final long launchedNanos;
  private final int port;
  private final Path dir;
  private final Path logFile;
  private final Writer stdin;
  private final BlockingQueue<Long> allocatedAnswers = new LinkedBlockingQueue<>();

  private ServiceProcess(Process process, long launchedNanos, int port, Path dir, Path logFile) {
    this.process = process;
    this.launchedNanos = launchedNanos;
    this.port = port;
    this.dir = dir;
    this.logFile = logFile;
    this.stdin = new BufferedWriter(
        new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    Thread stdout = new Thread(this::readStdout, "service-stdout");
    stdout.setDaemon(true);
    stdout.start();
  }

  /**
   * Starts {@code java <jvmArgs> -Dapp.port=<port> -Dapp.log.file=<dir>/app.log -jar <app>} in
   * {@code dir}; the clock of {@link #awaitFirst200()} starts here.
   */
  static ServiceProcess launch(Path java, List<String> jvmArgs, Path appJar, int port, Path dir)
      throws IOException {
    Files.createDirectories(dir);
    Path logFile = dir.resolve("app.log");
    List<String> command = Stream.of(
        Stream.of(java.toString()), jvmArgs.stream(),
        Stream.of("-Dapp.port=" + port, "-Dapp.log.file=" + logFile, "-jar", appJar.toString()))
        .flatMap(s -> s).toList();
    Files.writeString(dir.resolve("command.txt"), String.join(" ", command) + "\n");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectError(dir.resolve("stderr.txt").toFile());
    long launched = System.nanoTime();
    return new ServiceProcess(builder.start(), launched, port, dir, logFile);
  }

  long pid() {
    return process.pid();
  }

  /**
   * Sends {@code GET /plain} every {@value #PROBE_PAUSE_MILLIS} ms until one is answered 200;
   * returns the seconds from launch to that answer. Fails when the JVM exits first, or after three
   * minutes.
   */
  double awaitFirst200() throws InterruptedException {
    byte[] probe = HttpConnection.get("127.0.0.1", port, "/plain");
    try (HttpConnection connection = new HttpConnection("127.0.0.1", port, PROBE_TIMEOUT_MILLIS)) {
      while (true) {
        try {
          if (connection.exchange(probe) == 200) {
            return (System.nanoTime() - launchedNanos) / 1e9;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        if (!process.isAlive()) {
          throw new IllegalStateException("the service exited with " + process.exitValue()
              + " before answering; see " + dir.resolve("stderr.txt"));
        }
        if (System.nanoTime() - launchedNanos > STARTUP_TIMEOUT_NANOS) {
          throw new IllegalStateException("no 200 from the service within 180 s; see " + dir);
        }
        Thread.sleep(PROBE_PAUSE_MILLIS);
      }
    }
  }

  /** CPU seconds the whole JVM has used so far. */
  double cpuSeconds() {
    return ProcStat.cpuSeconds(pid());
  }

  long peakRssBytes() {
    return ProcStat.peakRssBytes(pid());
  }

  /**
   * Where the JVM's memory goes ({@code jcmd <pid> VM.native_memory summary}) into {@code file}:
   * for reading a peak RSS, when the service runs with {@code -XX:NativeMemoryTracking=summary}.
   */
  void nativeMemorySummary(Path java, Path file) throws IOException, InterruptedException {
    Path jcmd = java.toRealPath().resolveSibling("jcmd");
    Process command = new ProcessBuilder(jcmd.toString(), String.valueOf(pid()),
        "VM.native_memory", "summary").redirectErrorStream(true).redirectOutput(file.toFile())
        .start();
    if (!command.waitFor(30, TimeUnit.SECONDS)) {
      command.destroyForcibly();
    }
  }

  /** Bytes the service's threads have allocated so far (it answers on stdout; see its Main). */
  long allocatedBytes() {
    try {
      stdin.write("allocated\n");
      stdin.flush();
      Long answer = allocatedAnswers.poll(10, TimeUnit.SECONDS);
      if (answer == null) {
        throw new IllegalStateException("the service did not say what it allocated within 10 s");
      }
      return answer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void readStdout() {
    try (BufferedReader out = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer copy = Files.newBufferedWriter(dir.resolve("stdout.txt"))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith(ALLOCATED)) {
          allocatedAnswers.add(Long.parseLong(line.substring(ALLOCATED.length()).strip()));
        } else {
          copy.write(line);
          copy.write('\n');
          copy.flush();
        }
      }
    } catch (IOException e) {
      // the process is gone
    }
  }

  /** Lines in {@code app.log}, and how many of them carry a trace id. */
  record LogCount(long lines, long withTraceId) {}

  LogCount countLogLines() throws IOException {
    long lines = 0;
    long withTraceId = 0;
    try (BufferedReader log = Files.newBufferedReader(logFile)) {
      for (String line; (line = log.readLine()) != null; ) {
        lines++;
        if (TRACE_ID.matcher(line).find()) {
          withTraceId++;
        }
      }
    }
    return new LogCount(lines, withTraceId);
  }

  /** SIGTERM (the agents flush what they hold in their shutdown hooks), then SIGKILL after 30 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

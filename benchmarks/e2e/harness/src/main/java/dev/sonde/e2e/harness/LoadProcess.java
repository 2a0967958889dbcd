package dev.sonde.e2e.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The load generator (benchmarks/e2e/load) in its own JVM, started before the service so that its
 * own start-up is over when the service's first 200 comes; its output is copied to
 * {@code load.txt}.
 */
final class LoadProcess implements AutoCloseable {

  /** Called on each {@code phase <name>} line and on {@code done}, as soon as it is printed. */
  interface BoundaryListener {
    void boundary(String name);
  }

  /** The generator's JVM: small and the same for every run. */
  private static final List<String> JVM_ARGS = List.of("-Xms128m", "-Xmx128m");

  private final Process process;
  private final BufferedReader out;
  private final Writer copy;
  private final List<String> firstErrors = new ArrayList<>();

  private LoadProcess(Process process, Path copyFile) throws IOException {
    this.process = process;
    this.out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.copy = Files.newBufferedWriter(copyFile);
  }

  /** Starts the generator for the service's {@code port} and waits until it says {@code ready}. */
  static LoadProcess start(HarnessOptions options, int port, Path dir) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(options.java().toString());
    command.addAll(JVM_ARGS);
    command.addAll(List.of("-jar", options.loadJar().toString(), "--port", String.valueOf(port),
        "--concurrency", String.valueOf(options.concurrency())));
    HarnessOptions.Phases phases = options.phases();
    command.add("first=" + phases.first().toMillis() / 1000.0);
    command.add("warmup=" + phases.warmup().toMillis() / 1000.0);
    command.add("steady=" + phases.steady().toMillis() / 1000.0);
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectError(dir.resolve("load-stderr.txt").toFile()).start();
    LoadProcess load = new LoadProcess(process, dir.resolve("load.txt"));
    String line = load.readLine();
    if (!"ready".equals(line)) {
      throw new IllegalStateException("the load generator said " + line + " instead of ready; see "
          + dir.resolve("load-stderr.txt"));
    }
    return load;
  }

  /**
   * Starts the load and blocks until the generator has printed its results; calls
   * {@code listener} on each phase boundary. Returns the results by phase name.
   */
  Map<String, PhaseResult> run(BoundaryListener listener) throws IOException, InterruptedException {
    OutputStream stdin = process.getOutputStream();
    stdin.write("go\n".getBytes(StandardCharsets.US_ASCII));
    stdin.flush();
    Map<String, PhaseResult> results = new LinkedHashMap<>();
    for (String line; (line = readLine()) != null; ) {
      if (line.startsWith("phase ")) {
        listener.boundary(line.substring("phase ".length()));
      } else if (line.equals("done")) {
        listener.boundary("done");
      } else if (line.startsWith("result ")) {
        PhaseResult result = PhaseResult.parse(line);
        results.put(result.phase(), result);
      } else if (line.startsWith("first-error ")) {
        firstErrors.add(line.substring("first-error ".length()));
      }
    }
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("the load generator failed; see load-stderr.txt");
    }
    return results;
  }

  /** The first error of each phase that had errors ({@code <phase> <what>}). */
  List<String> firstErrors() {
    return List.copyOf(firstErrors);
  }

  private String readLine() throws IOException {
    String line = out.readLine();
    if (line != null) {
      copy.write(line);
      copy.write('\n');
      copy.flush();
    }
    return line;
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    copy.close();
  }
}

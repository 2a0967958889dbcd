package dev.sonde.e2e.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The load generator's slice mode (benchmarks/e2e/load's SliceGenerator) in its own JVM: one set
 * of connections per service, the load sent to one service at a time on request. Its output is
 * copied to {@code load.txt}.
 */
final class SliceLoadProcess implements AutoCloseable {

  private static final List<String> JVM_ARGS = List.of("-Xms128m", "-Xmx128m");

  private final Process process;
  private final BufferedReader out;
  private final Writer copy;
  private final List<String> firstErrors = new ArrayList<>();

  private SliceLoadProcess(Process process, Path copyFile) throws IOException {
    this.process = process;
    this.out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.copy = Files.newBufferedWriter(copyFile);
  }

  static SliceLoadProcess start(HarnessOptions options, List<Integer> ports, Path dir)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(options.java().toString());
    command.addAll(JVM_ARGS);
    command.addAll(List.of("-cp", options.loadJar().toString(),
        "dev.sonde.e2e.load.SliceGenerator",
        "--ports", ports.stream().map(String::valueOf).collect(Collectors.joining(",")),
        "--concurrency", String.valueOf(options.concurrency())));
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectError(dir.resolve("load-stderr.txt").toFile()).start();
    SliceLoadProcess load = new SliceLoadProcess(process, dir.resolve("load.txt"));
    String line = load.readLine();
    if (!"ready".equals(line)) {
      throw new IllegalStateException("the load generator said " + line + " instead of ready; see "
          + dir.resolve("load-stderr.txt"));
    }
    return load;
  }

  /** Loads the service at {@code portIndex} for {@code seconds}; blocks until the slice is over. */
  PhaseResult slice(int portIndex, double seconds) throws IOException {
    String command = String.format(Locale.ROOT, "slice %d %.3f%n", portIndex, seconds);
    process.getOutputStream().write(command.getBytes(StandardCharsets.US_ASCII));
    process.getOutputStream().flush();
    PhaseResult result = null;
    for (String line; !"end".equals(line = readLine()); ) {
      if (line == null) {
        throw new IllegalStateException("the load generator ended; see load-stderr.txt");
      } else if (line.startsWith("result ")) {
        result = PhaseResult.parse(line);
      } else if (line.startsWith("first-error ") && firstErrors.size() < 5) {
        firstErrors.add(line.substring("first-error slice ".length()));
      }
    }
    if (result == null) {
      throw new IllegalStateException("no result line for a slice; see load.txt");
    }
    return result;
  }

  /** The first errors of the first slices that had errors (at most five). */
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

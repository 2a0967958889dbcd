package dev.sonde.smoke.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real browser for the specs: Debian's {@code chromium}, headless, one process per page load,
 * each with a profile of its own. The page's scripts run, and its requests are answered, within
 * {@link #SCRIPT_BUDGET_MILLIS} of virtual time ({@code --virtual-time-budget}), before the DOM is
 * dumped or the screenshot taken. Each run's command and stderr are kept in
 * {@code <sonde.smoke.work.dir>/chromium-*}.
 */
public final class HeadlessChromium {

  static final long SCRIPT_BUDGET_MILLIS = 10_000;
  private static final long TIMEOUT_SECONDS = 120;

  private final Path binary;
  private final Path dir;

  private HeadlessChromium(Path binary, Path dir) {
    this.binary = binary;
    this.dir = dir;
  }

  /** Fails, naming the Debian package, when Chromium is not installed. */
  public static HeadlessChromium find() {
    for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      Path binary = Path.of(candidate);
      if (Files.isExecutable(binary)) {
        try {
          return new HeadlessChromium(binary, Files.createTempDirectory(WorkDir.get(),
              "chromium-"));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    throw new IllegalStateException("Chromium is not installed: no /usr/bin/chromium. Install the"
        + " Debian package chromium (scripts/ensure-packages.sh does it).");
  }

  /** The page at {@code url} as the browser holds it once its scripts ran: its DOM, serialized. */
  public String dom(URI url) {
    return run(url, "--dump-dom");
  }

  /** A PNG of the page at {@code url}, once its scripts ran, {@code width} by {@code height}. */
  public Path screenshot(URI url, Path file, int width, int height) {
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    run(url, "--screenshot=" + file.toAbsolutePath(), "--window-size=" + width + "," + height,
        "--hide-scrollbars");
    return file;
  }

  private String run(URI url, String... what) {
    try {
      Path run = Files.createTempDirectory(dir, "run-");
      List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless",
          // As root (CI containers) Chromium will not start sandboxed.
          "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
          "--user-data-dir=" + run.resolve("profile"),
          "--virtual-time-budget=" + SCRIPT_BUDGET_MILLIS));
      command.addAll(List.of(what));
      command.add(url.toString());
      Files.writeString(run.resolve("command.txt"), String.join(" ", command) + "\n");
      Path stdout = run.resolve("stdout.txt");
      Path stderr = run.resolve("stderr.txt");
      Process process = new ProcessBuilder(command).directory(run.toFile())
          .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("Chromium did not finish within " + TIMEOUT_SECONDS + " s: "
            + url + " (see " + run + ")");
      }
      if (process.exitValue() != 0) {
        throw new AssertionError("Chromium exited with " + process.exitValue() + " on " + url
            + ": " + Files.readString(stderr, StandardCharsets.UTF_8));
      }
      return Files.readString(stdout, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

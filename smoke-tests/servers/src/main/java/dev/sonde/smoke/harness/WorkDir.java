package dev.sonde.smoke.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the throwaway servers and the apps started against them keep their files (logs, command
 * output), kept after the run for whoever reads a failure: the system property
 * {@value #PROPERTY}, else {@code <java.io.tmpdir>/sonde-smoke-runs}. The smoke tests' failsafe
 * run sets it to {@code smoke-tests/tests/target/smoke-runs}, the end-to-end overhead harness to its
 * own run directory.
 */
public final class WorkDir {

  public static final String PROPERTY = "sonde.smoke.work.dir";

  private WorkDir() {}

  /** The directory, created if need be. */
  public static Path get() throws IOException {
    String configured = System.getProperty(PROPERTY);
    Path dir = configured != null ? Path.of(configured)
        : Path.of(System.getProperty("java.io.tmpdir"), "sonde-smoke-runs");
    return Files.createDirectories(dir);
  }
}

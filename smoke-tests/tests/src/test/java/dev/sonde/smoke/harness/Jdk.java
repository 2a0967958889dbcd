package dev.sonde.smoke.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** A JDK installation the apps can be started on. */
public record Jdk(String version, Path home) {

  /** The JDK at {@code home}, its version read from {@code home/release}. */
  public static Jdk at(Path home) {
    Properties release = new Properties();
    try (InputStream in = Files.newInputStream(home.resolve("release"))) {
      release.load(in);
    } catch (IOException e) {
      throw new IllegalStateException("Not a JDK (no readable release file): " + home, e);
    }
    String version = release.getProperty("JAVA_VERSION", "unknown").replace("\"", "");
    return new Jdk(version, home);
  }

  public Path javaBinary() {
    return home.resolve("bin").resolve("java");
  }

  @Override
  public String toString() {
    return "JDK " + version;
  }
}

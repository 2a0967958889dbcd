package dev.sonde.smoke.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The JDKs the agent must work on: the one running the tests, plus every other candidate that is
 * installed on this machine. Candidates: {@code -Dsonde.smoke.jdks} (comma-separated JDK homes),
 * by default Temurin 25 at {@code /usr/lib/jvm/temurin-25-jdk-amd64}.
 *
 * <p>A parameterized spec runs once per JDK found: a missing candidate is not a skipped test, it is
 * simply not a parameter.
 */
public final class Jdks {

  public static final String CANDIDATES_PROPERTY = "sonde.smoke.jdks";
  public static final String DEFAULT_CANDIDATES = "/usr/lib/jvm/temurin-25-jdk-amd64";

  private Jdks() {}

  /** The JDK running the tests. */
  public static Jdk current() {
    return Jdk.at(Path.of(System.getProperty("java.home")));
  }

  /** The current JDK first, then each installed candidate, without duplicates. */
  public static Stream<Jdk> available() {
    Map<Path, Jdk> byRealHome = new LinkedHashMap<>();
    Jdk current = current();
    byRealHome.put(realPath(current.home()), current);
    for (String candidate : System.getProperty(CANDIDATES_PROPERTY, DEFAULT_CANDIDATES).split(",")) {
      Path home = Path.of(candidate.trim());
      if (candidate.isBlank() || !Files.isExecutable(home.resolve("bin").resolve("java"))
          || !Files.isRegularFile(home.resolve("release"))) {
        continue;
      }
      byRealHome.putIfAbsent(realPath(home), Jdk.at(home));
    }
    return byRealHome.values().stream();
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

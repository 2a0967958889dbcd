package dev.sonde.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent jar keeps {@code dev/sonde/bootstrap/**} boot-visible (agent/pom.xml, {@code visible})
 * and hides everything else under {@code inst/}. So a module's boot-visible classes, in its
 * {@code src/bootstrap/java}, must be in a package of its own under {@code dev.sonde.bootstrap},
 * and its other classes must not be: advice calling a hidden class fails in the application, and
 * a recorder packed boot-visible would drag the agent's dependencies into the application's view.
 */
class BootVisiblePackagesTest {

  private static final Path INSTRUMENTATIONS =
      Path.of("..").toAbsolutePath().normalize().resolve("instrumentations");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
  private static final String BOOT = "dev.sonde.bootstrap.";

  @Test
  void bootVisibleClassesAreInTheirModulesOwnPackageUnderDevSondeBootstrap() throws IOException {
    Map<String, String> owners = new HashMap<>();
    int classes = 0;
    for (Path module : modules()) {
      for (Path source : sources(module.resolve("src/bootstrap/java"))) {
        String name = packageOf(source);
        String where = module.getFileName() + ": " + source.getFileName();
        assertThat(name).as(where + " is boot-visible: under " + BOOT).startsWith(BOOT);
        assertThat(name.substring(BOOT.length())).as(where + ": one package per module, not "
            + "bootstrap/'s own").isNotEmpty().doesNotContain(".");
        String owner = owners.putIfAbsent(name, module.getFileName().toString());
        assertThat(owner == null || owner.equals(module.getFileName().toString()))
            .as(name + " belongs to one module, not also " + owner).isTrue();
        classes++;
      }
    }
    assertThat(classes).as("modules have boot-visible classes").isPositive();
  }

  @Test
  void noOtherClassOfAModuleIsBootVisible() throws IOException {
    for (Path module : modules()) {
      for (String folder : List.of("src/main/java", "src/test/java")) {
        for (Path source : sources(module.resolve(folder))) {
          assertThat(packageOf(source) + ".").as(module.getFileName() + "/" + folder + ": "
              + source.getFileName() + " would be packed boot-visible; it belongs in "
              + "src/bootstrap/java or outside dev.sonde.bootstrap").doesNotStartWith(BOOT);
        }
      }
    }
  }

  private static List<Path> modules() throws IOException {
    try (Stream<Path> children = Files.list(INSTRUMENTATIONS)) {
      return children.filter(dir -> Files.exists(dir.resolve("pom.xml"))).sorted().toList();
    }
  }

  private static List<Path> sources(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
    }
  }

  private static String packageOf(Path source) throws IOException {
    Matcher found = PACKAGE.matcher(Files.readString(source, StandardCharsets.UTF_8));
    assertThat(found.find()).as(source + " declares its package").isTrue();
    return found.group(1);
  }
}

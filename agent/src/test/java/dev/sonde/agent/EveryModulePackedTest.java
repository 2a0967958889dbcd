package dev.sonde.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.instrumentation.api.InstrumentationModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Adding a library is one folder under {@code instrumentations/} and one line in the agent's pom:
 * every module there is a dependency of the agent (so the shade step packs it) and registers
 * itself as a service, which the agent finds.
 */
class EveryModulePackedTest {

  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  private static final String SERVICE =
      "META-INF/services/" + InstrumentationModule.class.getName();

  @Test
  void everyModuleUnderInstrumentationsIsADependencyOfTheAgent() throws IOException {
    String agentPom = Files.readString(REPOSITORY.resolve("agent/pom.xml"));
    List<String> modules = moduleDirectories();
    assertThat(modules).isNotEmpty();
    for (String module : modules) {
      String artifactId = artifactId(REPOSITORY.resolve("instrumentations").resolve(module));
      assertThat(agentPom).as("agent/pom.xml depends on " + artifactId)
          .contains("<artifactId>" + artifactId + "</artifactId>");
    }
  }

  @Test
  void everyModuleRegistersItsModuleClassesAndTheAgentFindsThem() throws IOException {
    List<String> found = new ArrayList<>();
    for (InstrumentationModule module : ServiceLoader.load(InstrumentationModule.class)) {
      found.add(module.getClass().getName());
    }
    for (String module : moduleDirectories()) {
      Path service = REPOSITORY.resolve("instrumentations").resolve(module)
          .resolve("src/main/resources").resolve(SERVICE);
      assertThat(service).as(module + " has a service entry").exists();
      for (String line : Files.readAllLines(service, StandardCharsets.UTF_8)) {
        String name = line.replaceAll("#.*", "").trim();
        if (!name.isEmpty()) {
          assertThat(found).as("the agent finds " + name).contains(name);
        }
      }
    }
  }

  private static List<String> moduleDirectories() throws IOException {
    try (Stream<Path> children = Files.list(REPOSITORY.resolve("instrumentations"))) {
      return children.filter(dir -> Files.exists(dir.resolve("pom.xml")))
          .map(dir -> dir.getFileName().toString()).sorted().toList();
    }
  }

  /** The module's own artifactId: the first one after its parent element. */
  private static String artifactId(Path module) throws IOException {
    String pom = Files.readString(module.resolve("pom.xml"));
    Matcher own = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>").matcher(pom);
    assertThat(own.find()).as(module + "/pom.xml names its artifactId after its parent").isTrue();
    return own.group(1);
  }
}

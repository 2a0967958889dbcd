package dev.sonde.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * README.md's configuration and metric tables against the code: every {@code sonde.*} key the
 * agent reads is a row of "## Configuration" and every row is a key the agent reads (a key built
 * at run time, such as {@code "sonde.instrumentation." + name + ".enabled"}, is a pattern row
 * {@code sonde.instrumentation.<name>.enabled}); the OpenTelemetry aliases in the first column
 * are the ones the code reads; every metric the agent registers is a row of "## Metrics" and
 * every row but simpleclient_hotspot's ({@code jvm_*}) is one it registers.
 *
 * <p>The code is read as text: the string literals of every {@code src/main/java} tree of the
 * modules packed into the agent (all but {@code smoke-tests/} and {@code benchmarks/}).
 */
class ReadmeTablesTest {

  /** Directories whose code is not the agent's: test applications, harnesses, benchmarks. */
  private static final List<String> NOT_THE_AGENT = List.of("smoke-tests", "benchmarks");

  /** Built only to ask simpleclient whether it writes _created series; never registered. */
  private static final Set<String> NOT_SERVED = Set.of("sonde_created_series_probe",
      // The trace page's queue counts what it drops in a counter no registry serves.
      "sonde_ui_unserved");

  /** Whole namespaces the configuration loader filters system properties by, not keys. */
  private static final Set<String> NAMESPACES = Set.of("sonde.", "otel.");

  private static final Pattern CONFIG_LITERAL =
      Pattern.compile("\"((?:sonde|otel)\\.[A-Za-z0-9_.\\-]*)\"");
  private static final Pattern METRIC_BUILDER =
      Pattern.compile("\\b(\\w+)\\.build\\(\\s*\"([a-zA-Z_:][a-zA-Z0-9_:]*)\"");
  private static final Pattern METRIC_FAMILY =
      Pattern.compile("MetricFamily\\(\\s*(?:\"([a-zA-Z_:][a-zA-Z0-9_:]*)\"|([A-Z][A-Z0-9_]*)\\s*,)");
  private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

  private static Path root;
  /** Each source file's text. */
  private static List<String> sources;
  /** All of them. */
  private static String code;

  @BeforeAll
  static void readSources() throws IOException {
    root = repositoryRoot();
    List<Path> files = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<Path>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
        boolean skipped = name.equals("target") || name.startsWith(".")
            || (dir.getParent() != null && dir.getParent().equals(root)
                && NOT_THE_AGENT.contains(name));
        return skipped && !dir.equals(root) ? FileVisitResult.SKIP_SUBTREE
            : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
        String path = file.toString().replace('\\', '/');
        if (path.endsWith(".java") && path.contains("/src/main/java/")) {
          files.add(file);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    sources = files.stream().map(ReadmeTablesTest::read).collect(Collectors.toList());
    code = String.join("\n", sources);
    assertThat(code).as("the agent's sources under %s", root).contains("class AgentSettings");
  }

  @Test
  void everyKeyTheCodeReadsIsInTheConfigurationTableAndTheOtherWayRound() {
    Set<String> keys = new TreeSet<>();
    Set<String> prefixes = new TreeSet<>();
    Set<String> aliases = new TreeSet<>();
    Matcher literal = CONFIG_LITERAL.matcher(code);
    while (literal.find()) {
      String key = literal.group(1);
      if (NAMESPACES.contains(key)) {
        continue;
      }
      (key.startsWith("otel.") ? aliases : key.endsWith(".") ? prefixes : keys).add(key);
    }
    assertThat(keys).as("keys read by the code").contains("sonde.enabled", "sonde.metrics.port");

    Set<String> rowKeys = new TreeSet<>();
    Set<String> rowPatterns = new TreeSet<>();
    Set<String> rowAliases = new TreeSet<>();
    Set<String> otherRows = new TreeSet<>();
    for (List<String> cell : firstCells("Configuration")) {
      String key = cell.get(0);
      if (key.contains("<")) {
        rowPatterns.add(key);
      } else if (key.startsWith("sonde.")) {
        rowKeys.add(key);
      } else {
        otherRows.add(key);
      }
      rowAliases.addAll(cell.subList(1, cell.size()));
    }

    assertThat(difference(keys, rowKeys))
        .as("keys the code reads that README.md's configuration table lacks").isEmpty();
    assertThat(difference(rowKeys, keys))
        .as("rows of README.md's configuration table the code never reads").isEmpty();
    Set<String> patternPrefixes = rowPatterns.stream()
        .map(pattern -> pattern.substring(0, pattern.indexOf('<')))
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(difference(prefixes, patternPrefixes))
        .as("keys built at run time from these prefixes, without a pattern row (<name>) in"
            + " README.md's configuration table").isEmpty();
    assertThat(difference(patternPrefixes, prefixes))
        .as("pattern rows of README.md's configuration table no key of the code starts with")
        .isEmpty();
    assertThat(difference(aliases, rowAliases))
        .as("OpenTelemetry aliases the code reads that README.md's configuration table lacks")
        .isEmpty();
    assertThat(difference(rowAliases, aliases))
        .as("aliases in README.md's configuration table the code never reads").isEmpty();
    for (String other : otherRows) {
      assertThat(code).as("README.md's configuration row %s, a name the code uses", other)
          .contains("\"" + other + "\"");
    }
  }

  @Test
  void everyMetricTheCodeRegistersIsInTheMetricTableAndTheOtherWayRound() {
    Set<String> metrics = new TreeSet<>();
    Matcher builder = METRIC_BUILDER.matcher(code);
    while (builder.find()) {
      String name = builder.group(2);
      if (NOT_SERVED.contains(name)) {
        continue;
      }
      // simpleclient serves a counter under its name with _total.
      boolean counter = builder.group(1).endsWith("Counter");
      metrics.add(counter && !name.endsWith("_total") ? name + "_total" : name);
    }
    for (String source : sources) {
      Matcher family = METRIC_FAMILY.matcher(source);
      while (family.find()) {
        metrics.add(family.group(1) != null ? family.group(1)
            : constant(source, family.group(2)));
      }
    }
    assertThat(metrics).as("metrics registered by the code")
        .contains("http_requests_total", "http_requests_in_flight", "cache_hit_ratio");

    Set<String> rows = new TreeSet<>();
    for (List<String> cell : firstCells("Metrics")) {
      for (String name : cell) {
        if (!name.endsWith("*")) { // jvm_*, process_*: simpleclient_hotspot's, named nowhere here
          rows.add(name);
        }
      }
    }
    assertThat(difference(metrics, rows))
        .as("metrics the code registers that README.md's metric table lacks").isEmpty();
    assertThat(difference(rows, metrics))
        .as("rows of README.md's metric table the code never registers").isEmpty();
  }

  /**
   * The backticked names in the first cell of each row of the first table under the section
   * {@code ## heading} of README.md.
   */
  private static List<List<String>> firstCells(String heading) {
    List<String> lines = List.of(read(root.resolve("README.md")).split("\n"));
    int start = lines.indexOf("## " + heading);
    assertThat(start).as("README.md's section \"## %s\"", heading).isNotNegative();
    List<List<String>> cells = new ArrayList<>();
    boolean inTable = false;
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("## ") || (inTable && !line.startsWith("|"))) {
        break;
      }
      if (!line.startsWith("|")) {
        continue;
      }
      boolean header = !inTable;
      inTable = true;
      String first = line.substring(1, line.indexOf('|', 1));
      if (header || first.trim().matches("-+")) {
        continue;
      }
      List<String> names = new ArrayList<>();
      Matcher name = BACKTICKED.matcher(first);
      while (name.find()) {
        names.add(name.group(1));
      }
      assertThat(names).as("a backticked name in the first cell of %s", line).isNotEmpty();
      cells.add(names);
    }
    assertThat(cells).as("the table of README.md's section \"## %s\"", heading).isNotEmpty();
    return cells;
  }

  /** The value of the string constant {@code name} declared in {@code source}. */
  private static String constant(String source, String name) {
    Matcher declaration =
        Pattern.compile("\\b" + name + "\\s*=\\s*\"([^\"]+)\"").matcher(source);
    assertThat(declaration.find()).as("the string constant %s", name).isTrue();
    return declaration.group(1);
  }

  private static Set<String> difference(Set<String> from, Set<String> remove) {
    Set<String> result = new TreeSet<>(from);
    result.removeAll(remove);
    return result;
  }

  /** The directory holding README.md and the agent module, from the module's directory up. */
  private static Path repositoryRoot() {
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("agent"))
          && Files.isDirectory(dir.resolve("instrumentations"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no repository root above " + Paths.get("").toAbsolutePath());
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

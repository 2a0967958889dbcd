package dev.sonde.smoke.harness;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One scrape of a Prometheus endpoint, parsed from the text format 0.0.4 (what simpleclient
 * serves): every sample with its labels and value. Comment lines are skipped.
 */
public final class MetricsScrape {

  private final String text;
  private final List<Sample> samples;

  private MetricsScrape(String text, List<Sample> samples) {
    this.text = text;
    this.samples = samples;
  }

  /** GET {@code http://127.0.0.1:<port>/metrics} and parse it; fails unless the answer is 200. */
  public static MetricsScrape of(int port) {
    HttpResponse<String> response = Http.get(
        URI.create("http://" + Ports.LOOPBACK + ":" + port + "/metrics"),
        Map.of("Accept", "text/plain; version=0.0.4"));
    if (response.statusCode() != 200) {
      throw new AssertionError("GET /metrics on port " + port + " answered "
          + response.statusCode() + ": " + response.body());
    }
    return parse(response.body());
  }

  public static MetricsScrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    int lineNumber = 0;
    for (String line : text.split("\n")) {
      lineNumber++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      try {
        samples.add(parseSample(trimmed));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("Line " + lineNumber + " is not a sample: " + line, e);
      }
    }
    return new MetricsScrape(text, List.copyOf(samples));
  }

  private static Sample parseSample(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String label = line.substring(i, eq).strip();
        i = eq + 1;
        if (line.charAt(i) != '"') {
          throw new IllegalArgumentException("label value not quoted at " + i);
        }
        i++;
        StringBuilder value = new StringBuilder();
        while (line.charAt(i) != '"') {
          char c = line.charAt(i);
          if (c == '\\') {
            char escaped = line.charAt(++i);
            value.append(escaped == 'n' ? '\n' : escaped);
          } else {
            value.append(c);
          }
          i++;
        }
        i++; // closing quote
        labels.put(label, value.toString());
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      i++; // closing brace
    }
    String[] rest = line.substring(i).strip().split("\\s+");
    return new Sample(name, Map.copyOf(labels), parseValue(rest[0]));
  }

  private static double parseValue(String value) {
    switch (value) {
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        return Double.parseDouble(value);
    }
  }

  public List<Sample> samples() {
    return samples;
  }

  /** Every sample named exactly {@code name}. */
  public List<Sample> series(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).collect(Collectors.toList());
  }

  /** The label sets of the samples named {@code name}. */
  public List<Map<String, String>> labelSets(String name) {
    return series(name).stream().map(Sample::labels).collect(Collectors.toList());
  }

  public boolean has(String name) {
    return samples.stream().anyMatch(s -> s.name().equals(name));
  }

  /** The sample named {@code name} whose label set is exactly {@code labels}. */
  public Optional<Sample> find(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().equals(labels))
        .findFirst();
  }

  /** The value of the sample with exactly these labels; an AssertionError listing the series when absent. */
  public double value(String name, Map<String, String> labels) {
    return find(name, labels).map(Sample::value).orElseThrow(() -> new AssertionError(
        "No sample " + name + labels + " in the scrape; " + name + " has: " + series(name)));
  }

  /** The value of the sample with exactly these labels, 0 when the series does not exist (yet). */
  public double valueOrZero(String name, Map<String, String> labels) {
    return find(name, labels).map(Sample::value).orElse(0.0);
  }

  /** The sum over every series of {@code name}. */
  public double sum(String name) {
    return series(name).stream().mapToDouble(Sample::value).sum();
  }

  /** Every value label {@code label} takes in the series of {@code name}. */
  public Set<String> labelValues(String name, String label) {
    return series(name).stream()
        .map(s -> s.labels().get(label))
        .filter(v -> v != null)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }
}

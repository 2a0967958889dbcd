package dev.sonde.instrumentation.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;

/**
 * What a scrape serves of one metric family, to hold ours against simpleclient's: the text format
 * 0.0.4 and OpenMetrics 1.0.0, each with every sample (the {@code _created} values, which are
 * clock readings, masked) and as the agent's endpoint serves them (without {@code _created}).
 */
final class Exposition {

  /** A sample line whose name ends with {@code _created}: name and labels, then the value. */
  private static final Pattern CREATED =
      Pattern.compile("(?m)^(\\w+_created(?:\\{.*\\})?) (\\S+)$");
  /** A {@code _sum} line: name and labels, then the value. */
  private static final Pattern SUM = Pattern.compile("(?m)^(\\w+_sum(?:\\{.*\\})?) (\\S+)$");

  private Exposition() {}

  /**
   * Asserts that {@code ours} is described and scraped as {@code simpleclients} is, in both
   * formats, with and without {@code _created}.
   */
  static void assertSame(Collector simpleclients, Collector ours) {
    assertSame(simpleclients, ours, 0);
  }

  /**
   * As {@link #assertSame(Collector, Collector)}, except that each {@code _sum} value may differ
   * from simpleclient's by {@code sumTolerance} relatively (simpleclient's running sum of doubles
   * rounds at every observation; ours rounds the exact total once).
   */
  static void assertSame(Collector simpleclients, Collector ours, double sumTolerance) {
    assertThat(((Collector.Describable) ours).describe())
        .isEqualTo(((Collector.Describable) simpleclients).describe());
    String[][] pairs = {
        {text004(simpleclients, false), text004(ours, false)},
        {maskCreated(text004(simpleclients, true)), maskCreated(text004(ours, true))},
        {maskCreated(openMetrics(simpleclients)), maskCreated(openMetrics(ours))},
    };
    for (String[] pair : pairs) {
      if (sumTolerance == 0) {
        assertThat(pair[1]).isEqualTo(pair[0]);
      } else {
        assertThat(maskSums(pair[1])).isEqualTo(maskSums(pair[0]));
        assertSumsClose(pair[0], pair[1], sumTolerance);
      }
    }
  }

  /** The text format 0.0.4, with {@code _created} or as the agent serves it (without). */
  static String text004(Collector collector, boolean withCreated) {
    CollectorRegistry registry = new CollectorRegistry(true);
    registry.register(collector);
    StringWriter out = new StringWriter();
    try {
      TextFormat.write004(out, withCreated ? registry.metricFamilySamples()
          : registry.filteredMetricFamilySamples(name -> !name.endsWith("_created")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** OpenMetrics 1.0.0, every sample. */
  static String openMetrics(Collector collector) {
    CollectorRegistry registry = new CollectorRegistry(true);
    registry.register(collector);
    StringWriter out = new StringWriter();
    try {
      TextFormat.writeOpenMetrics100(out, registry.metricFamilySamples());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** The {@code _created} values replaced, after checking each is a number. */
  static String maskCreated(String text) {
    Matcher lines = CREATED.matcher(text);
    StringBuilder masked = new StringBuilder();
    while (lines.find()) {
      Double.parseDouble(lines.group(2));
      lines.appendReplacement(masked, Matcher.quoteReplacement(lines.group(1) + " <created>"));
    }
    lines.appendTail(masked);
    return masked.toString();
  }

  private static String maskSums(String text) {
    return SUM.matcher(text).replaceAll("$1 <sum>");
  }

  private static void assertSumsClose(String expected, String actual, double tolerance) {
    Matcher expectedSums = SUM.matcher(expected);
    Matcher actualSums = SUM.matcher(actual);
    while (expectedSums.find()) {
      assertThat(actualSums.find()).isTrue();
      double want = Double.parseDouble(expectedSums.group(2));
      double got = Double.parseDouble(actualSums.group(2));
      assertThat(got).as(actualSums.group(1))
          .isCloseTo(want, Offset.offset(Math.abs(want) * tolerance));
    }
    assertThat(actualSums.find()).isFalse();
  }
}

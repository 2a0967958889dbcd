package dev.sonde.smoke;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names a PromQL expression relies on, read off its text: each metric it selects with the
 * label names of its matchers, and the label names of its {@code by}, {@code without},
 * {@code on}, {@code ignoring} and {@code group_left/right} lists. Enough of PromQL for the
 * expressions of deploy/ (no string arguments outside matchers, no subqueries).
 */
record PromQlNames(Map<String, Set<String>> metrics, Set<String> groupingLabels) {

  private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring",
      "group_left", "group_right");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset");

  static PromQlNames of(String expr) {
    Map<String, Set<String>> metrics = new LinkedHashMap<>();
    Set<String> grouping = new LinkedHashSet<>();
    int i = 0;
    while (i < expr.length()) {
      char c = expr.charAt(i);
      if (c == '[') {
        // A range or a duration: nothing named in it.
        i = expr.indexOf(']', i) + 1;
      } else if (c == '"' || c == '\'') {
        i = endOfString(expr, i);
      } else if (c == '{') {
        // A selector without a name.
        i = matchers(expr, i, new LinkedHashSet<>());
      } else if (Character.isDigit(c) || c == '.') {
        // A number (1e3, 0.95): its letters are not names.
        while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i))
            || expr.charAt(i) == '.')) {
          i++;
        }
      } else if (Character.isLetter(c) || c == '_' || c == ':') {
        int start = i;
        while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i))
            || expr.charAt(i) == '_' || expr.charAt(i) == ':')) {
          i++;
        }
        String name = expr.substring(start, i);
        int next = skipSpaces(expr, i);
        char after = next < expr.length() ? expr.charAt(next) : ' ';
        if (GROUPING.contains(name)) {
          if (after == '(') {
            int close = expr.indexOf(')', next);
            for (String label : expr.substring(next + 1, close).split(",")) {
              if (!label.isBlank()) {
                grouping.add(label.strip());
              }
            }
            i = close + 1;
          }
        } else if (KEYWORDS.contains(name) || after == '(' || aggregationWithGrouping(expr, next)) {
          // An operator, a function or an aggregation (topk by (job) (...)).
        } else {
          Set<String> labels = metrics.computeIfAbsent(name, n -> new LinkedHashSet<>());
          if (after == '{') {
            i = matchers(expr, next, labels);
          }
        }
      } else {
        i++;
      }
    }
    return new PromQlNames(metrics, grouping);
  }

  /** Whether the word at {@code i} is {@code by} or {@code without}: the name before aggregates. */
  private static boolean aggregationWithGrouping(String expr, int i) {
    for (String word : List.of("by", "without")) {
      if (expr.startsWith(word, i) && (i + word.length() == expr.length()
          || !Character.isLetterOrDigit(expr.charAt(i + word.length())))) {
        return true;
      }
    }
    return false;
  }

  /** Reads {@code {a="x", b=~"y"}} from {@code open}, adding a, b; returns the index after it. */
  private static int matchers(String expr, int open, Set<String> labels) {
    int i = open + 1;
    while (i < expr.length() && expr.charAt(i) != '}') {
      char c = expr.charAt(i);
      if (c == '"' || c == '\'') {
        i = endOfString(expr, i);
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_') {
          i++;
        }
        labels.add(expr.substring(start, i));
      } else {
        i++;
      }
    }
    return i + 1;
  }

  private static int endOfString(String expr, int open) {
    char quote = expr.charAt(open);
    int i = open + 1;
    while (expr.charAt(i) != quote) {
      i += expr.charAt(i) == '\\' ? 2 : 1;
    }
    return i + 1;
  }

  private static int skipSpaces(String expr, int i) {
    while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Every metric named in any of {@code exprs}. */
  static Set<String> metricsOf(List<String> exprs) {
    Set<String> all = new LinkedHashSet<>();
    exprs.forEach(e -> all.addAll(of(e).metrics().keySet()));
    return all;
  }
}

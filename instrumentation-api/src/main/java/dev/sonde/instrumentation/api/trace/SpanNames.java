package dev.sonde.instrumentation.api.trace;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Span names {@code "<operation> <target>"} ({@code GET /users/{id}}, {@code process orders}),
 * built once per target instead of per span. Bounded: past {@value #MAX} targets a name is built
 * per span, as without the cache.
 */
public final class SpanNames {

  private static final int MAX = 1_000;
  private final String prefix;
  private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<String, String>();

  public SpanNames(String operation) {
    this.prefix = operation + ' ';
  }

  public String of(String target) {
    String name = names.get(target);
    if (name == null) {
      name = prefix + target;
      if (names.size() < MAX) {
        names.put(target, name);
      }
    }
    return name;
  }
}

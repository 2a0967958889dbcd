package dev.sonde.instrumentation.api.http;

/**
 * Path parameters ({@code /cart;jsessionid=1A2B/items}): per session, sometimes secret, never
 * part of what a path names. Removed from {@code url.path} and before a route is derived.
 */
public final class PathParameters {

  private PathParameters() {}

  /** {@code path} without its path parameters; the same string, unallocated, when it has none. */
  public static String strip(String path) {
    if (path == null || path.indexOf(';') < 0) {
      return path;
    }
    StringBuilder out = new StringBuilder(path.length());
    boolean inParameter = false;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == ';') {
        inParameter = true;
      } else if (c == '/') {
        inParameter = false;
      }
      if (!inParameter) {
        out.append(c);
      }
    }
    return out.toString();
  }
}

package dev.sonde.instrumentation.api.http;

/**
 * The {@code endpoint} of a request when the framework names no route: the path with every
 * segment that looks like an id (all digits, a UUID, or 16+ hex digits) replaced by {@code {id}}.
 *
 * <p>{@link PathParameters} are dropped first: they are per session. A path
 * without id segments or parameters is returned as is, without allocating.
 */
public final class RouteTemplate {

  public static final String ID = "{id}";

  private RouteTemplate() {}

  public static String of(String path) {
    if (path == null || path.isEmpty()) {
      return "/";
    }
    path = PathParameters.strip(path);
    int length = path.length();
    StringBuilder out = null;
    int segmentStart = 0;
    for (int i = 0; i <= length; i++) {
      if (i == length || path.charAt(i) == '/') {
        if (i > segmentStart && isId(path, segmentStart, i)) {
          if (out == null) {
            out = new StringBuilder(length).append(path, 0, segmentStart);
          }
          out.append(ID);
        } else if (out != null) {
          out.append(path, segmentStart, i);
        }
        if (out != null && i < length) {
          out.append('/');
        }
        segmentStart = i + 1;
      }
    }
    return out == null ? path : out.toString();
  }

  static boolean isId(String s, int from, int to) {
    int length = to - from;
    boolean digitsOnly = true;
    boolean hexOnly = true;
    int hexDigits = 0;
    int dashes = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      boolean hex = digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!digit) {
        digitsOnly = false;
      }
      if (c == '-') {
        dashes++;
      } else if (hex) {
        hexDigits++;
      } else {
        hexOnly = false;
      }
    }
    if (digitsOnly) {
      return true;
    }
    if (!hexOnly) {
      return false;
    }
    if (dashes == 4 && length == 36) {
      return isUuid(s, from);
    }
    return dashes == 0 && hexDigits >= 16;
  }

  private static boolean isUuid(String s, int from) {
    return s.charAt(from + 8) == '-' && s.charAt(from + 13) == '-' && s.charAt(from + 18) == '-'
        && s.charAt(from + 23) == '-';
  }
}

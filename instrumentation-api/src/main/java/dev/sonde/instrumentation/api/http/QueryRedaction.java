package dev.sonde.instrumentation.api.http;

import dev.sonde.instrumentation.api.config.Config;
import java.util.ArrayList;
import java.util.List;

/**
 * Hides the values of sensitive query parameters ({@code token=abc} becomes
 * {@code token=REDACTED}) before a query string or URL goes into a span: the server span's
 * {@code url.query}, an HTTP client span's {@code url.full}. Keys match ignoring case; the list is
 * {@value #KEY}.
 *
 * <p>A query in which no key matches is returned as it is, without allocating: the scan compares
 * each parameter's key with the list in place.
 */
public final class QueryRedaction {

  /** {@code sonde.http.sensitive.query.keys}: the keys whose values are hidden, comma-separated. */
  public static final String KEY = "sonde.http.sensitive.query.keys";
  /** What a hidden value becomes. */
  public static final String REDACTED = "REDACTED";
  /** The value of {@link #KEY} that turns redaction off. */
  static final String NONE = "none";

  /**
   * Secrets and the signed parts of presigned URLs (AWS SigV2 and SigV4, Google Cloud Storage V4:
   * the signature, the credential and the session token) and OAuth 2 parameters (an
   * authorization {@code code}, client secret, access and refresh tokens).
   */
  static final String[] DEFAULT_KEYS = {"password", "token", "access_token", "refresh_token",
      "secret", "client_secret", "code", "sig", "signature", "AWSAccessKeyId", "X-Amz-Signature",
      "X-Amz-Credential", "X-Amz-Security-Token", "X-Goog-Signature", "X-Goog-Credential",
      "api_key", "apikey", "key"};

  /** With the default keys. */
  public static final QueryRedaction DEFAULT = new QueryRedaction(DEFAULT_KEYS);

  private final String[] keys;
  /** Each key's first character in lower case: most parameters are told apart by it alone. */
  private final char[] firsts;

  QueryRedaction(String... keys) {
    this.keys = keys.clone();
    this.firsts = new char[keys.length];
    for (int i = 0; i < keys.length; i++) {
      firsts[i] = Character.toLowerCase(keys[i].charAt(0));
    }
  }

  /**
   * The keys configured by {@value #KEY}: a comma-separated list that replaces the default,
   * {@code none} for no redaction; a key holding {@code =}, {@code &}, {@code ?} or {@code #} is
   * invalid (one WARN, the default list).
   */
  public static QueryRedaction from(Config config) {
    String value = config.raw(KEY, null);
    if (value == null) {
      return DEFAULT;
    }
    if (value.trim().equalsIgnoreCase(NONE)) {
      return new QueryRedaction();
    }
    List<String> keys = new ArrayList<String>();
    for (String part : value.split(",")) {
      String key = part.trim();
      if (key.isEmpty()) {
        continue;
      }
      if (key.indexOf('=') >= 0 || key.indexOf('&') >= 0 || key.indexOf('?') >= 0
          || key.indexOf('#') >= 0) {
        return config.invalid(KEY, value,
            "query parameter names separated by commas, or " + NONE, DEFAULT);
      }
      keys.add(key);
    }
    return new QueryRedaction(keys.toArray(new String[0]));
  }

  /**
   * {@code query} (a query string without its {@code ?}) with the value of every sensitive key
   * replaced by {@value #REDACTED}; {@code query} itself when none has a value. Null stays null.
   */
  public String redact(String query) {
    return query == null ? null : redact(query, 0, query.length());
  }

  /**
   * {@code url} with the values of sensitive keys in its query (between {@code ?} and {@code #})
   * replaced; {@code url} itself when there is nothing to hide. Null stays null.
   */
  public String redactUrl(String url) {
    if (url == null) {
      return null;
    }
    int question = url.indexOf('?');
    if (question < 0) {
      return url;
    }
    int hash = url.indexOf('#', question);
    return redact(url, question + 1, hash < 0 ? url.length() : hash);
  }

  /**
   * The {@code url.full} of an outgoing request: {@code scheme://host[:port]path[?query]} with
   * the query redacted as {@link #redact(String)} does. User info and fragment are never part of
   * it: the caller passes the URL's parts, not the URL.
   *
   * @param port -1 when the URL names none
   */
  public String fullUrl(String scheme, String host, int port, String path, String query) {
    StringBuilder url = new StringBuilder(64);
    url.append(scheme.toLowerCase(java.util.Locale.ROOT)).append("://");
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      url.append('[').append(host).append(']');
    } else {
      url.append(host);
    }
    if (port >= 0) {
      url.append(':').append(port);
    }
    url.append(path == null || path.isEmpty() ? "/" : path);
    if (query != null) {
      url.append('?').append(redact(query));
    }
    return url.toString();
  }

  /** {@code text} with the parameters in {@code [from, to)} redacted. */
  private String redact(String text, int from, int to) {
    if (keys.length == 0) {
      return text;
    }
    StringBuilder out = null;
    int copied = 0;
    int start = from;
    while (start <= to) {
      int end = text.indexOf('&', start);
      if (end < 0 || end > to) {
        end = to;
      }
      int equals = start;
      while (equals < end && text.charAt(equals) != '=') {
        equals++;
      }
      if (equals + 1 < end && sensitive(text, start, equals)
          && !isRedacted(text, equals + 1, end)) {
        if (out == null) {
          out = new StringBuilder(text.length() + REDACTED.length());
        }
        out.append(text, copied, equals + 1).append(REDACTED);
        copied = end;
      }
      start = end + 1;
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, text.length()).toString();
  }

  private boolean sensitive(String text, int start, int end) {
    int length = end - start;
    if (length == 0) {
      return false;
    }
    char first = Character.toLowerCase(text.charAt(start));
    for (int i = 0; i < keys.length; i++) {
      String key = keys[i];
      if (firsts[i] == first && key.length() == length
          && text.regionMatches(true, start, key, 0, length)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isRedacted(String text, int start, int end) {
    return end - start == REDACTED.length() && text.startsWith(REDACTED, start);
  }

  /** The keys, comma-separated ({@code none} for none): how a WARN names the default. */
  @Override
  public String toString() {
    return keys.length == 0 ? NONE : String.join(",", keys);
  }
}

package dev.sonde.instrumentation.api.http;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code url.full} of an outgoing request as a span may show it: user info removed, the value
 * of every query parameter whose key looks secret (a signature, a token, a password) replaced by
 * {@value #REDACTED}. Keys are matched whole, ignoring case. Runs only for recorded spans.
 */
public final class UrlRedaction {

  /** {@code sonde.instrumentation.http-client.redact-query-keys}: the secret-looking keys. */
  public static final String KEYS_KEY = "sonde.instrumentation.http-client.redact-query-keys";
  public static final String DEFAULT_KEYS = "sig,signature,token,access_token,refresh_token,"
      + "id_token,key,api_key,apikey,password,passwd,secret,client_secret,X-Amz-Signature,"
      + "X-Amz-Credential,X-Amz-Security-Token,X-Goog-Signature,X-Goog-Credential,AWSAccessKeyId";
  public static final String REDACTED = "REDACTED";

  private final Set<String> keys;

  /** @param keys comma-separated, as in {@value #KEYS_KEY} */
  public UrlRedaction(String keys) {
    Set<String> set = new TreeSet<String>(String.CASE_INSENSITIVE_ORDER);
    for (String key : keys.split(",")) {
      if (!key.trim().isEmpty()) {
        set.add(key.trim());
      }
    }
    this.keys = set;
  }

  /**
   * {@code scheme://host[:port]path[?query]} with the query's secret values redacted; no user
   * info, no fragment.
   *
   * @param port -1 when the URL names none
   */
  public String full(String scheme, String host, int port, String path, String query) {
    StringBuilder url = new StringBuilder(64);
    url.append(scheme.toLowerCase(Locale.ROOT)).append("://");
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
      url.append('?');
      appendQuery(url, query);
    }
    return url.toString();
  }

  void appendQuery(StringBuilder out, String query) {
    int start = 0;
    while (start <= query.length()) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = query.length();
      }
      int equals = query.indexOf('=', start);
      if (equals >= 0 && equals < end && keys.contains(query.substring(start, equals))) {
        out.append(query, start, equals + 1).append(REDACTED);
      } else {
        out.append(query, start, end);
      }
      if (end < query.length()) {
        out.append('&');
      }
      start = end + 1;
    }
  }
}

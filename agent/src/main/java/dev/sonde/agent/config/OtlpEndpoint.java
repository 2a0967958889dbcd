package dev.sonde.agent.config;

import java.io.ByteArrayOutputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The collector's base URL ({@code sonde.exporter.otlp.endpoint}), checked: an {@code http} or
 * {@code https} URL with a host, no query and no fragment. User info in it
 * ({@code http://user:secret@collector:4318}) is taken out of the URL: the agent never prints or
 * serves it, and sends it as {@code Authorization: Basic} instead, as curl would.
 */
public final class OtlpEndpoint {

  /** The URL without user info and without a trailing slash: what is shown and posted to. */
  public final String url;
  /** The user info, percent-decoded ({@code user:secret}), or null. */
  public final String userInfo;

  private OtlpEndpoint(String url, String userInfo) {
    this.url = url;
    this.userInfo = userInfo;
  }

  /**
   * @throws IllegalArgumentException when {@code value} is no http(s) URL; its message says why
   *     and never repeats the user info
   */
  public static OtlpEndpoint parse(String value) {
    String trimmed = value.trim();
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL");
    }
    String scheme = uri.getScheme();
    if (scheme == null) {
      throw new IllegalArgumentException("no scheme");
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("scheme " + scheme + " is not http or https");
    }
    // A host with an underscore (a Compose service name) leaves the authority unparsed by URI,
    // but the JDK's HTTP client connects to it: the authority is split here.
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isEmpty()) {
      throw new IllegalArgumentException("no host");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("a query or fragment has no place in a base URL");
    }
    int at = authority.lastIndexOf('@');
    String rawUserInfo = at < 0 ? null : authority.substring(0, at);
    String hostAndPort = authority.substring(at + 1);
    if (hostAndPort.isEmpty() || hostAndPort.startsWith(":")) {
      throw new IllegalArgumentException("no host");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String url = scheme + "://" + hostAndPort + path;
    try {
      URL parsed = new URL(url + "/v1/traces");
      if (parsed.getPort() > 65535) {
        throw new IllegalArgumentException("port out of range");
      }
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("not a URL");
    }
    return new OtlpEndpoint(url,
        rawUserInfo == null || rawUserInfo.isEmpty() ? null : percentDecoded(rawUserInfo));
  }

  /** The {@code Authorization} header value for the user info: {@code Basic base64(user:pw)}. */
  public String basicAuthorization() {
    return "Basic " + Base64.getEncoder()
        .encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code http://user:secret@host:4318/x} → {@code http://host:4318/x}, on any text that may
   * be a URL, parsable or not: what may be shown of a configured endpoint.
   */
  public static String withoutUserInfo(String text) {
    if (text == null) {
      return null;
    }
    int scheme = text.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    int end = text.length();
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    int at = text.lastIndexOf('@', end - 1);
    return at >= start ? text.substring(0, start) + text.substring(at + 1) : text;
  }

  private static String percentDecoded(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    int i = 0;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length() && Character.digit(raw.charAt(i + 1), 16) >= 0
          && Character.digit(raw.charAt(i + 2), 16) >= 0) {
        bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16
            + Character.digit(raw.charAt(i + 2), 16));
        i += 3;
      } else {
        int end = i + Character.charCount(raw.codePointAt(i));
        byte[] encoded = raw.substring(i, end).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
        i = end;
      }
    }
    return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
  }
}

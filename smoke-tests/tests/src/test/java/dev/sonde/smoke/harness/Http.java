package dev.sonde.smoke.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

/** The test's HTTP client: plain HTTP/1.1 GETs to loopback. */
public final class Http {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade attempt: the apps speak HTTP/1.1
      .connectTimeout(TIMEOUT)
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();

  private Http() {}

  /** GET {@code uri} with the given request headers. */
  public static HttpResponse<String> get(URI uri, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
    headers.forEach(request::header);
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static HttpResponse<String> get(URI uri) {
    return get(uri, Map.of());
  }

  /**
   * One GET on a fresh connection ({@code Connection: close}), over a plain socket, for requests
   * the server may answer by closing the connection. A pooled client would retry such a GET on a
   * new connection and so send it twice.
   *
   * @return the response's status code, or empty when the connection closed without a status line
   */
  public static OptionalInt getOnce(int port, String path, Map<String, String> headers) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(Ports.LOOPBACK, port), (int) TIMEOUT.toMillis());
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      StringBuilder request = new StringBuilder()
          .append("GET ").append(path).append(" HTTP/1.1\r\n")
          .append("Host: ").append(Ports.LOOPBACK).append(':').append(port).append("\r\n")
          .append("Connection: close\r\n");
      headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
      request.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String response = readAll(socket.getInputStream());
      if (!response.startsWith("HTTP/1.")) {
        return OptionalInt.empty();
      }
      return OptionalInt.of(Integer.parseInt(response.substring(9, 12)));
    } catch (IOException e) {
      // A reset instead of an orderly close: no response either.
      return OptionalInt.empty();
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int read;
    while ((read = in.read(buffer)) != -1) {
      bytes.write(buffer, 0, read);
    }
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }
}

package dev.sonde.agent.otlp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.Map;

/**
 * One OTLP/HTTP request: a protobuf body posted to a signal's URL, with the configured headers
 * and timeout, on the calling (export) thread. The JDK's client keeps the connection alive
 * between batches when the answer is read to its end, as here; it needs no threads of its own.
 */
final class OtlpHttpPost {

  private final URL url;
  private final Map<String, String> headers;
  private final int timeoutMillis;

  OtlpHttpPost(URL url, Map<String, String> headers, int timeoutMillis) {
    this.url = url;
    this.headers = headers;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Posts the first {@code length} bytes of {@code body}.
   *
   * @return null when the collector accepted them, else why not
   */
  String send(byte[] body, int length) {
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) url.openConnection();
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setConnectTimeout(timeoutMillis);
      connection.setReadTimeout(timeoutMillis);
      connection.setFixedLengthStreamingMode(length);
      connection.setRequestProperty("Content-Type", "application/x-protobuf");
      for (Map.Entry<String, String> header : headers.entrySet()) {
        connection.setRequestProperty(header.getKey(), header.getValue());
      }
      OutputStream out = connection.getOutputStream();
      try {
        out.write(body, 0, length);
      } finally {
        out.close();
      }
      int status = connection.getResponseCode();
      drain(status < 400 ? connection.getInputStream() : connection.getErrorStream());
      return status >= 200 && status < 300 ? null : "HTTP " + status + " from " + url;
    } catch (IOException e) {
      if (connection != null) {
        connection.disconnect();
      }
      return e.toString();
    }
  }

  /** Reads the answer to its end, so the connection goes back to the keep-alive cache. */
  private static void drain(InputStream in) throws IOException {
    if (in == null) {
      return;
    }
    try {
      byte[] skip = new byte[512];
      while (in.read(skip) >= 0) {
        // The partial-success body is not read: a collector that refuses spans says so by status.
      }
    } finally {
      in.close();
    }
  }
}

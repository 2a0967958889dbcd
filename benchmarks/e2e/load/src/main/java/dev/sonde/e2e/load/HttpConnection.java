package dev.sonde.e2e.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection, just enough client for the service's answers: a request is
 * sent as prepared bytes, the answer's status line and headers are parsed, its body (by {@code
 * Content-Length}; chunked bodies are refused) is read and dropped. When the server says {@code
 * Connection: close} (Tomcat does after {@code maxKeepAliveRequests}), the next request opens a new
 * connection. Small and allocation-light on purpose: the load generator shares two cores with the
 * service it measures.
 */
public final class HttpConnection implements AutoCloseable {

  private static final int MAX_LINE = 8192;

  private final String host;
  private final int port;
  private final int timeoutMillis;
  private final byte[] line = new byte[MAX_LINE];
  private final byte[] drain = new byte[8192];
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  public HttpConnection(String host, int port, int timeoutMillis) {
    this.host = host;
    this.port = port;
    this.timeoutMillis = timeoutMillis;
  }

  /** {@code GET path} as prepared bytes, for {@link #exchange(byte[])}. */
  public static byte[] get(String host, int port, String path) {
    return request("GET", host, port, path, "");
  }

  /** {@code POST path} with an empty body, for {@link #exchange(byte[])}. */
  public static byte[] post(String host, int port, String path) {
    return request("POST", host, port, path, "Content-Length: 0\r\n");
  }

  private static byte[] request(String method, String host, int port, String path,
      String headers) {
    return (method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
        + "\r\nUser-Agent: sonde-e2e-load\r\n" + headers + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Sends {@code request} and reads the whole answer; returns its status code. On an I/O error
   * the connection is closed (the next exchange opens a new one) and the error is thrown.
   */
  public int exchange(byte[] request) throws IOException {
    try {
      if (socket == null) {
        open();
      }
      out.write(request);
      out.flush();
      int status = readStatus();
      long contentLength = -1;
      boolean close = false;
      for (int length; (length = readLine()) > 0; ) {
        if (startsWithIgnoreCase(length, "content-length:")) {
          contentLength = Long.parseLong(value(length, "content-length:".length()));
        } else if (startsWithIgnoreCase(length, "connection:")) {
          close = value(length, "connection:".length()).equalsIgnoreCase("close");
        } else if (startsWithIgnoreCase(length, "transfer-encoding:")) {
          throw new IOException("chunked answer: the service must send Content-Length");
        }
      }
      skip(Math.max(contentLength, 0));
      if (close) {
        close();
      }
      return status;
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void open() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(timeoutMillis);
    socket.connect(new InetSocketAddress(host, port), timeoutMillis);
    in = new BufferedInputStream(socket.getInputStream(), 16384);
    out = socket.getOutputStream();
  }

  private int readStatus() throws IOException {
    int length = readLine();
    // "HTTP/1.1 200 OK"
    if (length < 12 || line[8] != ' ') {
      throw new IOException("not an HTTP status line: "
          + new String(line, 0, Math.max(length, 0), StandardCharsets.US_ASCII));
    }
    return (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
  }

  /** Reads one line without its CRLF into {@link #line}; returns its length. */
  private int readLine() throws IOException {
    int length = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed by the server");
      }
      if (b == '\n') {
        return length > 0 && line[length - 1] == '\r' ? length - 1 : length;
      }
      if (length == MAX_LINE) {
        throw new IOException("header line longer than " + MAX_LINE);
      }
      line[length++] = (byte) b;
    }
  }

  private boolean startsWithIgnoreCase(int length, String prefix) {
    if (length < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (Character.toLowerCase(line[i]) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private String value(int length, int from) {
    return new String(line, from, length - from, StandardCharsets.US_ASCII).trim();
  }

  private void skip(long bytes) throws IOException {
    while (bytes > 0) {
      int read = in.read(drain, 0, (int) Math.min(drain.length, bytes));
      if (read < 0) {
        throw new IOException("connection closed in the middle of a body");
      }
      bytes -= read;
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    socket = null;
    in = null;
    out = null;
  }
}

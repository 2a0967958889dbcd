package dev.sonde.smoke.harness;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OTLP/HTTP collector double on 127.0.0.1, over a raw {@link ServerSocket}, that fails as real
 * collectors do, switched while the agent exports to it ({@link #mode}): refusing connections
 * (its port closed), hanging before it answers, stopping reading mid-upload, answering 500, 429
 * with {@code Retry-After}, or bytes that are not HTTP. Every connection is answered with
 * {@code Connection: close}; every request it read is kept with the span ids it carried.
 */
public final class FaultyCollector implements AutoCloseable {

  /** What the collector does with the connections it gets from now on. */
  public enum Mode {
    /** Reads the request, keeps its spans, answers 200. */
    ACCEPT,
    /** The port is closed: connections are refused. */
    REFUSE,
    /** Reads the whole request and never answers. */
    HANG,
    /** Reads the request's head and a few bytes of its body, then nothing more; never answers. */
    STOP_READING,
    /** Reads the request and answers 500. */
    ERROR_500,
    /** Answers the first request 429 with {@code Retry-After: 1}, then as {@link #ACCEPT}. */
    TOO_MANY_REQUESTS_ONCE,
    /** Reads the request and answers bytes that are not HTTP, then closes. */
    GARBAGE
  }

  /** A request the collector read: when it arrived, in which mode, what it answered. */
  public record Request(long arrivedNanos, Mode mode, int status, String authorization,
      List<String> spanIds) {}

  private final int port;
  private final ExecutorService connections = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "faulty-collector");
    thread.setDaemon(true);
    return thread;
  });
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  /** Connections held open without an answer (HANG, STOP_READING), closed with the collector. */
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private volatile Mode mode = Mode.ACCEPT;
  private volatile boolean throttled;
  private ServerSocket server;

  private FaultyCollector() throws IOException {
    this.server = bind(0);
    this.port = server.getLocalPort();
  }

  public static FaultyCollector start() {
    try {
      return new FaultyCollector();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /**
   * Switches what it does with the next connections. {@link Mode#REFUSE} closes the port; any
   * other mode opens it again, on the same port.
   */
  public synchronized void mode(Mode next) {
    if (next == Mode.REFUSE && server != null) {
      try {
        server.close();
      } catch (IOException e) {
        // closed
      }
      server = null;
    } else if (next != Mode.REFUSE && server == null) {
      try {
        server = bind(port);
      } catch (IOException e) {
        throw new UncheckedIOException("port " + port + " could not be bound again", e);
      }
    }
    throttled = false;
    mode = next;
  }

  /** Every request read so far, in arrival order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The spans of the requests it accepted. */
  public int acceptedSpans() {
    return requests.stream().filter(r -> r.status() == 200).mapToInt(r -> r.spanIds().size()).sum();
  }

  private ServerSocket bind(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    // A small window: an upload that is no longer read stops soon.
    socket.setReceiveBufferSize(4096);
    socket.bind(new InetSocketAddress(InetAddress.getByName(Ports.LOOPBACK), port), 50);
    Thread acceptor = new Thread(() -> accept(socket), "faulty-collector-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return socket;
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        Mode now = mode;
        connections.execute(() -> handle(connection, now));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void handle(Socket connection, Mode mode) {
    try {
      connection.setSoTimeout(30_000);
      InputStream in = connection.getInputStream();
      List<String> head = readHead(in);
      if (head.isEmpty()) {
        connection.close();
        return;
      }
      if (mode == Mode.STOP_READING) {
        in.readNBytes(Math.min(16, contentLength(head)));
        held.add(connection);
        return;
      }
      byte[] body = in.readNBytes(contentLength(head));
      long arrived = System.nanoTime();
      String authorization = header(head, "authorization");
      List<String> spanIds = spanIds(body);
      switch (mode) {
        case HANG:
          requests.add(new Request(arrived, mode, 0, authorization, spanIds));
          held.add(connection);
          return;
        case GARBAGE:
          requests.add(new Request(arrived, mode, 0, authorization, spanIds));
          answerRaw(connection, "\u0000\u0001\u0002 no HTTP here \u00ff\r\n\r\n");
          return;
        case ERROR_500:
          requests.add(new Request(arrived, mode, 500, authorization, spanIds));
          answer(connection, 500, "");
          return;
        case TOO_MANY_REQUESTS_ONCE:
          if (!throttled) {
            throttled = true;
            requests.add(new Request(arrived, mode, 429, authorization, spanIds));
            answer(connection, 429, "Retry-After: 1\r\n");
            return;
          }
          requests.add(new Request(arrived, mode, 200, authorization, spanIds));
          answer(connection, 200, "");
          return;
        default:
          requests.add(new Request(arrived, mode, 200, authorization, spanIds));
          answer(connection, 200, "");
      }
    } catch (IOException e) {
      // the agent hung up (its deadline): nothing to answer
      try {
        connection.close();
      } catch (IOException ignored) {
        // closed
      }
    }
  }

  private static void answer(Socket connection, int status, String headers) throws IOException {
    answerRaw(connection, "HTTP/1.1 " + status + " X\r\nContent-Type: application/x-protobuf\r\n"
        + headers + "Content-Length: 0\r\nConnection: close\r\n\r\n");
  }

  private static void answerRaw(Socket connection, String bytes) throws IOException {
    OutputStream out = connection.getOutputStream();
    out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    connection.close();
  }

  /** The request line and headers, up to the empty line; empty when the connection closed first. */
  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1).strip();
        line.reset();
        if (text.isEmpty()) {
          return lines;
        }
        lines.add(text);
      } else {
        line.write(b);
      }
    }
    return List.of();
  }

  private static String header(List<String> head, String name) {
    for (String line : head.subList(1, head.size())) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  private static int contentLength(List<String> head) {
    String value = header(head, "content-length");
    return value == null ? 0 : Integer.parseInt(value);
  }

  private static List<String> spanIds(byte[] body) {
    List<String> ids = new ArrayList<>();
    try {
      for (ResourceSpans resource : ExportTraceServiceRequest.parseFrom(body)
          .getResourceSpansList()) {
        for (ScopeSpans scope : resource.getScopeSpansList()) {
          for (Span span : scope.getSpansList()) {
            ids.add(HexFormat.of().formatHex(span.getSpanId().toByteArray()));
          }
        }
      }
    } catch (IOException e) {
      // not a trace request: no ids
    }
    return ids;
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      try {
        server.close();
      } catch (IOException e) {
        // closed
      }
    }
    for (Socket socket : held) {
      try {
        socket.close();
      } catch (IOException e) {
        // closed
      }
    }
    connections.shutdownNow();
  }
}

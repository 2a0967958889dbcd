package dev.sonde.smoke.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback ports. */
public final class Ports {

  public static final String LOOPBACK = "127.0.0.1";
  /** The range {@link #freeOutsideEphemeralRange()} picks from: below Linux's ephemeral ports. */
  private static final int FIXED_LOW = 20000;
  private static final int FIXED_HIGH = 32000;
  /**
   * Ports {@link #freeOutsideEphemeralRange()} has returned in this JVM, never returned again: a
   * port picked for one process is free until that process binds it, so a second pick in between
   * (an app port and its metrics port, two apps started together) could otherwise return it too.
   */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private Ports() {}

  /** A port nothing listens on at the moment of the call. */
  public static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A port nothing listens on at the moment of the call, outside the kernel's ephemeral range
   * (32768–60999), for a server the test starts itself (an app, its agent's metrics endpoint,
   * PostgreSQL): a port {@link #free()} returns is an ephemeral one, which any outgoing connection
   * opened before the server binds may take.
   */
  public static int freeOutsideEphemeralRange() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = random.nextInt(FIXED_LOW, FIXED_HIGH);
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1);
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("No free port between " + FIXED_LOW + " and " + FIXED_HIGH);
  }

  /**
   * The first of {@code count} consecutive ports nothing listens on at the moment of the call,
   * outside the ephemeral range, for a server that wants a range (the RabbitMQ CLI's own
   * distribution ports).
   */
  public static int freeRangeOutsideEphemeralRange(int count) {
    for (int attempt = 0; attempt < 100; attempt++) {
      int first = freeOutsideEphemeralRange();
      if (first + count - 1 >= FIXED_HIGH) {
        continue;
      }
      boolean allFree = true;
      for (int port = first + 1; port < first + count && allFree; port++) {
        try (ServerSocket socket = new ServerSocket()) {
          socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1);
        } catch (IOException taken) {
          allFree = false;
        }
      }
      if (allFree) {
        for (int port = first + 1; port < first + count; port++) {
          HANDED_OUT.add(port);
        }
        return first;
      }
    }
    throw new IllegalStateException("No " + count + " consecutive free ports between " + FIXED_LOW
        + " and " + FIXED_HIGH);
  }

  /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
  public static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}

package dev.sonde.instrumentation.api.http;

import dev.sonde.instrumentation.api.health.Dependencies;
import dev.sonde.instrumentation.api.health.DependencyWindow;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server that outgoing requests go to, {@code host:port}: its {@code server_address} label and
 * its health window, made once and then found by host and port without allocating.
 */
final class ClientEndpoint {

  final String host;
  final int port;
  /** {@code host:port}, the {@code server_address} label. */
  final String address;
  final DependencyWindow window;
  /** The next endpoint of the same host (another port). */
  final ClientEndpoint next;

  private ClientEndpoint(String host, int port, String address, DependencyWindow window,
      ClientEndpoint next) {
    this.host = host;
    this.port = port;
    this.address = address;
    this.window = window;
    this.next = next;
  }

  /** The endpoints seen, by host; bounded, past the bound one shared endpoint, {@code _other}. */
  static final class Table {
    static final String DEPENDENCY_TYPE = "http";
    private static final int MAX_ENDPOINTS = 1000;

    private final ConcurrentHashMap<String, ClientEndpoint> byHost =
        new ConcurrentHashMap<String, ClientEndpoint>();
    private final AtomicInteger size = new AtomicInteger();
    private final Dependencies dependencies;
    private volatile ClientEndpoint overflow;

    Table(Dependencies dependencies) {
      this.dependencies = dependencies;
    }

    ClientEndpoint get(String host, int port) {
      if (host == null || host.isEmpty()) {
        host = Dependencies.UNKNOWN;
      }
      ClientEndpoint first = byHost.get(host);
      for (ClientEndpoint e = first; e != null; e = e.next) {
        if (e.port == port) {
          return e;
        }
      }
      return add(host, port, first);
    }

    private ClientEndpoint add(String host, int port, ClientEndpoint first) {
      if (size.get() >= MAX_ENDPOINTS) {
        ClientEndpoint shared = overflow;
        if (shared == null) {
          shared = new ClientEndpoint(Dependencies.OVERFLOW, -1, Dependencies.OVERFLOW,
              dependencies.endpoint(DEPENDENCY_TYPE, Dependencies.OVERFLOW), null);
          overflow = shared;
        }
        return shared;
      }
      String address = host.indexOf(':') >= 0 ? '[' + host + "]:" + port : host + ':' + port;
      ClientEndpoint made = new ClientEndpoint(host, port, address,
          dependencies.endpoint(DEPENDENCY_TYPE, address), first);
      boolean published = first == null ? byHost.putIfAbsent(host, made) == null
          : byHost.replace(host, first, made);
      if (published) {
        size.incrementAndGet();
        return made;
      }
      // Another thread added an endpoint of this host meanwhile: look again.
      return get(host, port);
    }
  }
}

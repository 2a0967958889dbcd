package dev.sonde.instrumentation.rabbitmq;

import static dev.sonde.instrumentation.api.reflect.LibraryMembers.publicMethod;

import dev.sonde.instrumentation.api.cache.WeakKeyMap;
import dev.sonde.instrumentation.api.health.Dependencies;
import dev.sonde.instrumentation.api.health.DependencyWindow;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broker a channel talks to, {@code channel.getConnection().getAddress()/getPort()}, read by
 * reflection (amqp-client is not on the agent's class path) once per channel and kept weakly,
 * with the broker's window for the health checks.
 */
final class ChannelEndpoints {

  private static final ClassValue<Method> GET_CONNECTION = new ClassValue<Method>() {
    @Override
    protected Method computeValue(Class<?> type) {
      return publicMethod(type, "getConnection");
    }
  };
  private static final ClassValue<Method[]> ADDRESS_AND_PORT = new ClassValue<Method[]>() {
    @Override
    protected Method[] computeValue(Class<?> type) {
      Method address = publicMethod(type, "getAddress");
      Method port = publicMethod(type, "getPort");
      return address != null && port != null ? new Method[] {address, port} : null;
    }
  };

  private final WeakKeyMap<Object, Endpoint> channels;
  private final Dependencies dependencies;
  /** A channel whose broker could not be read. */
  private final Endpoint unknown;

  ChannelEndpoints(int maxChannels, Dependencies dependencies) {
    this.channels = new WeakKeyMap<Object, Endpoint>(maxChannels);
    this.dependencies = dependencies;
    this.unknown = new Endpoint(null, -1, dependencies.endpoint(Dependencies.RABBITMQ, null));
  }

  Endpoint of(Object channel) {
    if (channel == null) {
      return unknown;
    }
    Endpoint endpoint = channels.get(channel);
    if (endpoint == null) {
      endpoint = read(channel);
      channels.put(channel, endpoint);
    }
    return endpoint;
  }

  private Endpoint read(Object channel) {
    try {
      Method getConnection = GET_CONNECTION.get(channel.getClass());
      Object connection = getConnection == null ? null : getConnection.invoke(channel);
      if (connection == null) {
        return unknown;
      }
      Method[] methods = ADDRESS_AND_PORT.get(connection.getClass());
      if (methods == null) {
        return unknown;
      }
      Object address = methods[0].invoke(connection);
      Object port = methods[1].invoke(connection);
      String host = address instanceof InetAddress ? host((InetAddress) address) : null;
      int number = port instanceof Number ? ((Number) port).intValue() : -1;
      if (host == null) {
        return unknown;
      }
      return new Endpoint(host, number, dependencies.endpoint(Dependencies.RABBITMQ,
          number > 0 ? host + ':' + number : host));
    } catch (Throwable e) {
      return unknown;
    }
  }

  /**
   * The host the application named, else the IP address: never a reverse DNS lookup
   * ({@code getHostName()} would make one for an address given as an IP).
   */
  static String host(InetAddress address) {
    String text = address.toString();
    int slash = text.indexOf('/');
    return slash > 0 ? text.substring(0, slash) : address.getHostAddress();
  }

  /** A broker: its address for span attributes, its window, and its publish targets. */
  static final class Endpoint {
    /** Exchanges with a cached target per broker; beyond, a publish makes its own. */
    private static final int MAX_TARGETS = 1_000;

    final String host;
    final int port;
    final DependencyWindow window;
    private final ConcurrentHashMap<String, PublishTarget> targets =
        new ConcurrentHashMap<String, PublishTarget>();

    Endpoint(String host, int port, DependencyWindow window) {
      this.host = host;
      this.port = port;
      this.window = window;
    }

    /** The target of publishes to {@code exchange} (a label) on this broker. */
    PublishTarget target(String exchange) {
      PublishTarget target = targets.get(exchange);
      if (target == null) {
        target = new PublishTarget(exchange, window);
        if (targets.size() < MAX_TARGETS) {
          PublishTarget raced = targets.putIfAbsent(exchange, target);
          target = raced != null ? raced : target;
        }
      }
      return target;
    }
  }

  /**
   * Where a publish goes, as its metrics and health need it: the exchange label and the broker's
   * window. Cached, so it is the whole scope of a publish outside any span, allocating nothing.
   */
  static final class PublishTarget {
    final String exchange;
    final DependencyWindow broker;

    PublishTarget(String exchange, DependencyWindow broker) {
      this.exchange = exchange;
      this.broker = broker;
    }
  }
}

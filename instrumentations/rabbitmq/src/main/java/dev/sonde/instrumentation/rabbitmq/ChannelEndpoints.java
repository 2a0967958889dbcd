package dev.sonde.instrumentation.rabbitmq;

import dev.sonde.instrumentation.api.cache.WeakKeyMap;
import java.lang.reflect.Method;
import java.net.InetAddress;

/**
 * The broker a channel talks to, {@code channel.getConnection().getAddress()/getPort()}, read by
 * reflection (amqp-client is not on the agent's class path) once per channel and kept weakly.
 */
final class ChannelEndpoints {

  static final Endpoint UNKNOWN = new Endpoint(null, -1);

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

  ChannelEndpoints(int maxChannels) {
    this.channels = new WeakKeyMap<Object, Endpoint>(maxChannels);
  }

  Endpoint of(Object channel) {
    if (channel == null) {
      return UNKNOWN;
    }
    Endpoint endpoint = channels.get(channel);
    if (endpoint == null) {
      endpoint = read(channel);
      channels.put(channel, endpoint);
    }
    return endpoint;
  }

  static Endpoint read(Object channel) {
    try {
      Method getConnection = GET_CONNECTION.get(channel.getClass());
      Object connection = getConnection == null ? null : getConnection.invoke(channel);
      if (connection == null) {
        return UNKNOWN;
      }
      Method[] methods = ADDRESS_AND_PORT.get(connection.getClass());
      if (methods == null) {
        return UNKNOWN;
      }
      Object address = methods[0].invoke(connection);
      Object port = methods[1].invoke(connection);
      return new Endpoint(address instanceof InetAddress ? host((InetAddress) address) : null,
          port instanceof Number ? ((Number) port).intValue() : -1);
    } catch (Throwable e) {
      return UNKNOWN;
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

  private static Method publicMethod(Class<?> type, String name) {
    try {
      Method method = type.getMethod(name);
      try {
        method.setAccessible(true);
      } catch (RuntimeException e) {
        // a public method of a public type is callable anyway
      }
      return method;
    } catch (Throwable e) {
      return null;
    }
  }

  static final class Endpoint {
    final String host;
    final int port;

    Endpoint(String host, int port) {
      this.host = host;
      this.port = port;
    }
  }
}

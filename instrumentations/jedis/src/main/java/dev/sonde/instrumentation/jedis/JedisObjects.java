package dev.sonde.instrumentation.jedis;

import static dev.sonde.instrumentation.api.reflect.LibraryMembers.declaredMethod;
import static dev.sonde.instrumentation.api.reflect.LibraryMembers.publicMethod;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Reads Jedis' objects without Jedis on the agent's class path: by reflection, with the methods
 * looked up once per class ({@link ClassValue}: nothing holds the application's classes beyond
 * their own life). Nothing here throws: a method that is missing or fails gives "unknown".
 */
final class JedisObjects {

  /** Stands for an argument whose value is not captured (only the key is, by default). */
  static final byte[] NOT_CAPTURED = new byte[0];
  static final Object[] NO_ARGS = new Object[0];

  private static final String DATA_EXCEPTION = "redis.clients.jedis.exceptions.JedisDataException";

  /** {@code getRaw()} of {@code Rawable}/{@code ProtocolCommand} implementations. */
  private static final ClassValue<Method> GET_RAW = new ClassValue<Method>() {
    @Override
    protected Method computeValue(Class<?> type) {
      return publicMethod(type, "getRaw");
    }
  };

  /** {@code CommandArguments.size()}. */
  private static final ClassValue<Method> SIZE = new ClassValue<Method>() {
    @Override
    protected Method computeValue(Class<?> type) {
      return publicMethod(type, "size");
    }
  };

  /** Error replies ({@code JedisDataException} and subclasses): the connection is fine. */
  private static final ClassValue<Boolean> DATA_ERRORS = new ClassValue<Boolean>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        if (c.getName().equals(DATA_EXCEPTION)) {
          return Boolean.TRUE;
        }
      }
      return Boolean.FALSE;
    }
  };

  /** How to read a connection's server: [getHostAndPort] (4+) or [getHost, getPort] (3). */
  private static final ClassValue<Method[]> ENDPOINT = new ClassValue<Method[]>() {
    @Override
    protected Method[] computeValue(Class<?> type) {
      Method hostAndPort = declaredMethod(type, "getHostAndPort");
      if (hostAndPort != null) {
        return new Method[] {hostAndPort};
      }
      Method host = publicMethod(type, "getHost");
      Method port = publicMethod(type, "getPort");
      return host != null && port != null ? new Method[] {host, port} : new Method[0];
    }
  };

  private static final ClassValue<Method[]> HOST_AND_PORT = new ClassValue<Method[]>() {
    @Override
    protected Method[] computeValue(Class<?> type) {
      Method host = publicMethod(type, "getHost");
      Method port = publicMethod(type, "getPort");
      return host != null && port != null ? new Method[] {host, port} : new Method[0];
    }
  };

  private JedisObjects() {}

  /** True for an error reply; false for anything that means the connection is broken. */
  static boolean isDataError(Throwable error) {
    return DATA_ERRORS.get(error.getClass());
  }

  /** A command object's name in upper case: its raw bytes, else its {@code toString()}. */
  static String commandName(Object command) {
    if (command == null) {
      return "UNKNOWN";
    }
    byte[] raw = raw(command);
    String name = raw != null ? new String(raw, StandardCharsets.UTF_8) : String.valueOf(command);
    return name.toUpperCase(Locale.ROOT);
  }

  /** {@code getRaw()} of a Jedis {@code Rawable}, or null. */
  static byte[] raw(Object rawable) {
    if (rawable instanceof byte[]) {
      return (byte[]) rawable;
    }
    Method getRaw = GET_RAW.get(rawable.getClass());
    if (getRaw == null) {
      return null;
    }
    try {
      Object raw = getRaw.invoke(rawable);
      return raw instanceof byte[] ? (byte[]) raw : null;
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * The arguments after the command of a Jedis 4+ {@code CommandArguments} (whose iterator
   * {@code rest} has passed the command): the first (the key) as bytes, the others only when
   * {@code captureAll}; none at all of commands that carry secrets. Sized like the real list, so
   * multi-key reads count their keys.
   */
  static Object[] arguments(Object commandArguments, Iterator<?> rest, boolean captureAll,
      boolean secret) {
    int count = size(commandArguments) - 1;
    if (count < 0) {
      // No size(): count by walking them, which reads them all.
      List<Object> all = new ArrayList<Object>();
      while (rest.hasNext()) {
        Object arg = rest.next();
        all.add(secret || (!all.isEmpty() && !captureAll) ? NOT_CAPTURED : value(arg));
      }
      return all.toArray();
    }
    if (count == 0) {
      return NO_ARGS;
    }
    Object[] args = new Object[count];
    for (int i = 0; i < count; i++) {
      if (!secret && (i == 0 || captureAll) && rest.hasNext()) {
        args[i] = value(rest.next());
      } else {
        args[i] = NOT_CAPTURED;
      }
    }
    return args;
  }

  private static Object value(Object rawable) {
    byte[] raw = raw(rawable);
    return raw != null ? raw : NOT_CAPTURED;
  }

  private static int size(Object commandArguments) {
    Method size = SIZE.get(commandArguments.getClass());
    if (size != null) {
      try {
        return ((Number) size.invoke(commandArguments)).intValue();
      } catch (Exception e) {
        // counted instead
      }
    }
    return -1;
  }

  /** The database index of {@code SELECT n}'s arguments, or -1. */
  static long databaseIndex(Object[] args) {
    if (args == null || args.length == 0) {
      return -1;
    }
    Object arg = args[0];
    String text;
    if (arg instanceof byte[]) {
      text = new String((byte[]) arg, StandardCharsets.US_ASCII);
    } else if (arg instanceof String) {
      text = (String) arg;
    } else {
      return -1;
    }
    try {
      long index = Long.parseLong(text.trim());
      return index >= 0 ? index : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The connection's server as {host, port}, or {null, -1} when it cannot be read. */
  static Object[] endpoint(Object connection) {
    try {
      Method[] methods = ENDPOINT.get(connection.getClass());
      if (methods.length == 1) {
        Object hostAndPort = methods[0].invoke(connection);
        if (hostAndPort != null) {
          Method[] parts = HOST_AND_PORT.get(hostAndPort.getClass());
          if (parts.length == 2) {
            return new Object[] {parts[0].invoke(hostAndPort), parts[1].invoke(hostAndPort)};
          }
        }
      } else if (methods.length == 2) {
        return new Object[] {methods[0].invoke(connection), methods[1].invoke(connection)};
      }
    } catch (Exception e) {
      // Jedis 4/5 cast their socket factory to the default one: a custom factory throws here.
    }
    return new Object[] {null, -1};
  }
}

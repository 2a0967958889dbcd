package dev.sonde.instrumentation.jedis;

import dev.sonde.bootstrap.RedisHook;
import dev.sonde.instrumentation.api.cache.WeakKeyMap;
import dev.sonde.instrumentation.api.redis.RedisCommandRecorder;
import java.util.Iterator;

/**
 * Jedis commands: what the advice on {@code redis.clients.jedis.Connection} reports, turned into
 * {@link RedisCommandRecorder} calls. The owner is the connection; each connection has its
 * {@link ConnectionState} (held weakly), whose queue pairs each reply read with the oldest
 * command sent.
 *
 * <p>What the advice reports, and what it means here:
 * <ul>
 *   <li>{@code commandSent(connection, connection, CommandArguments, null)} (Jedis 4+) or
 *       {@code commandSent(connection, connection, ProtocolCommand, byte[][])} (Jedis 3);
 *   <li>{@code replyReceived(connection, reply, null)}: the oldest command's reply;
 *   <li>{@code replyReceived(connection, null, JedisDataException)}: its error reply;
 *   <li>{@code replyReceived(connection, null, anything else)}: the connection broke, every
 *       waiting command ends with that error;
 *   <li>{@code replyReceived(connection, connection, null)}: the socket was closed; what was
 *       waiting is forgotten.
 * </ul>
 */
final class JedisRecorder implements RedisHook {

  /** Connections tracked at once; beyond, commands on new connections are not recorded. */
  static final int MAX_CONNECTIONS = 20_000;
  /** Commands waiting for their reply on one connection; beyond, they are not recorded. */
  static final int MAX_PENDING = 10_000;
  /** Distinct command objects whose name is remembered. */
  private static final int MAX_COMMAND_NAMES = 2_048;

  private final RedisCommandRecorder recorder;
  private final boolean captureArgs;
  private final WeakKeyMap<Object, ConnectionState> connections =
      new WeakKeyMap<Object, ConnectionState>(MAX_CONNECTIONS);
  /** Command objects (mostly {@code Protocol.Command} constants) to their name. */
  private final WeakKeyMap<Object, String> names =
      new WeakKeyMap<Object, String>(MAX_COMMAND_NAMES);

  JedisRecorder(RedisCommandRecorder recorder, boolean captureArgs) {
    this.recorder = recorder;
    this.captureArgs = captureArgs;
  }

  @Override
  public void commandSent(Object owner, Object connection, Object command, Object args) {
    ConnectionState state = connections.get(owner);
    if (state == null) {
      Object[] endpoint = JedisObjects.endpoint(connection);
      String host = (String) endpoint[0];
      int port = endpoint[1] instanceof Number ? ((Number) endpoint[1]).intValue() : -1;
      state = new ConnectionState(host, port, recorder.endpoint(host, port), MAX_PENDING);
      if (!connections.put(owner, state)) {
        return;
      }
    }
    String name;
    Object[] arguments;
    if (args instanceof Object[]) {
      // Jedis 3: the command, and its arguments as byte[][].
      name = name(command);
      arguments = (Object[]) args;
    } else if (args == null && command instanceof Iterable) {
      // Jedis 4+: CommandArguments, the command itself first.
      Iterator<?> all = ((Iterable<?>) command).iterator();
      name = all.hasNext() ? name(all.next()) : "UNKNOWN";
      arguments = JedisObjects.arguments(command, all, captureArgs, isSecret(name));
    } else {
      name = name(command);
      arguments = null;
    }
    state.sent(recorder, name, arguments);
  }

  @Override
  public void replyReceived(Object owner, Object reply, Throwable error) {
    ConnectionState state = connections.get(owner);
    if (state == null) {
      return;
    }
    if (error == null) {
      if (reply == owner) {
        connections.remove(owner);
        state.closed();
      } else {
        state.replied(recorder, reply, null);
      }
    } else if (JedisObjects.isDataError(error)) {
      state.replied(recorder, null, error);
    } else {
      state.broken(recorder, error);
    }
  }

  /** The state of {@code connection}, or null: for tests. */
  ConnectionState state(Object connection) {
    return connections.get(connection);
  }

  private String name(Object command) {
    if (command == null) {
      return "UNKNOWN";
    }
    String name = names.get(command);
    if (name == null) {
      name = JedisObjects.commandName(command);
      names.put(command, name);
    }
    return name;
  }

  /** Commands whose arguments are never read: they carry passwords or server settings. */
  private static boolean isSecret(String name) {
    return name.equals("AUTH") || name.equals("HELLO") || name.equals("MIGRATE")
        || name.equals("CONFIG") || name.equals("ACL") || name.equals("SENTINEL");
  }
}

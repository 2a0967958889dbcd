package dev.sonde.bootstrap;

/**
 * What Redis client advice (Jedis, Lettuce) reports: a command sent, and later its reply. The
 * arguments are the client's own objects, typed {@code Object} because this class is loaded by
 * the bootstrap loader; each client's agent-side recorder reads them.
 *
 * <p>The reply is reported against an {@code owner}: the object the client completes the
 * command on. For Jedis that is the connection (replies come back in the order commands were
 * sent, pipelines included); for Lettuce it is the command object itself (completed on an I/O
 * thread).
 */
public interface RedisHook {

  /**
   * A command leaves for the server, on the application's thread: the current trace context is
   * its parent.
   *
   * @param owner what {@link #replyReceived} will name
   * @param connection the client's connection object, for the server address and database
   * @param command the client's command object (name, or name and arguments)
   * @param args the client's arguments object, or null when {@code command} holds them
   */
  void commandSent(Object owner, Object connection, Object command, Object args);

  /**
   * The reply to the oldest command sent for {@code owner} arrived: the client's reply object,
   * or the throwable that ended the command (an error reply, a broken connection, a cancel).
   */
  void replyReceived(Object owner, Object reply, Throwable error);

  /**
   * What a cancelled command ends with (a timed-out sync call, a connection reset): one shared
   * instance, so that cancelling costs no allocation and no stack trace.
   */
  java.util.concurrent.CancellationException CANCELLED =
      new java.util.concurrent.CancellationException("command cancelled");

  /** Records nothing; the hook in place until the agent has started. */
  RedisHook NOOP = new RedisHook() {
    @Override
    public void commandSent(Object owner, Object connection, Object command, Object args) {}

    @Override
    public void replyReceived(Object owner, Object reply, Throwable error) {}
  };
}

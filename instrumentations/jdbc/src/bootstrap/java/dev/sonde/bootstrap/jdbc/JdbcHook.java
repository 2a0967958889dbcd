package dev.sonde.bootstrap.jdbc;

/**
 * What JDBC advice reports: statements executed, the SQL behind prepared statements and batches,
 * and connections handed out and closed. Arguments are the driver's (or pool's) own objects,
 * typed {@code Object} because this class is loaded by the bootstrap loader; the agent-side
 * recorder reads them through {@code java.sql}.
 *
 * <p>The scope returned by {@link #start} is opaque: the advice passes it back to {@link #end}
 * exactly once, on the same thread.
 */
public interface JdbcHook {

  /** {@code statement} was prepared from {@code sql} ({@code prepareStatement}, {@code prepareCall}). */
  void prepared(Object statement, String sql);

  /** {@code close()} on {@code statement}: what was remembered about it is dropped. */
  void statementClosed(Object statement);

  /**
   * {@code addBatch} on {@code statement}: with the SQL for {@code Statement.addBatch(String)},
   * null for a prepared statement's {@code addBatch()}.
   */
  void batched(Object statement, String sql);

  /** {@code clearBatch} on {@code statement}. */
  void batchCleared(Object statement);

  /**
   * A statement starts executing.
   *
   * @param sql the SQL passed to {@code execute*(String...)}, or null for a prepared statement
   * @param batch true for {@code executeBatch}/{@code executeLargeBatch}
   * @return the execution's scope, or {@code null} when nothing is recorded
   */
  Object start(Object statement, String sql, boolean batch);

  /** The execution of {@code scope} ended, with the throwable it threw or null. */
  void end(Object scope, Throwable error);

  /**
   * A {@code DataSource} ({@code source}) or the {@code DriverManager} ({@code source} null)
   * handed out {@code connection}.
   */
  void connectionOpened(Object source, Object connection);

  /**
   * A {@code DataSource} ({@code source}, {@code url} null) or the {@code DriverManager}
   * ({@code source} null, {@code url} the JDBC URL it was asked for) threw {@code error} instead of
   * handing out a connection (the database is unreachable, refused the credentials, the pool
   * timed out).
   */
  void connectionFailed(Object source, String url, Throwable error);

  /** {@code close()} was called on {@code connection}. */
  void connectionClosed(Object connection);

  /** Records nothing; the hook in place until the agent has started. */
  JdbcHook NOOP = new JdbcHook() {
    @Override
    public void prepared(Object statement, String sql) {}

    @Override
    public void statementClosed(Object statement) {}

    @Override
    public void batched(Object statement, String sql) {}

    @Override
    public void batchCleared(Object statement) {}

    @Override
    public Object start(Object statement, String sql, boolean batch) {
      return null;
    }

    @Override
    public void end(Object scope, Throwable error) {}

    @Override
    public void connectionOpened(Object source, Object connection) {}

    @Override
    public void connectionFailed(Object source, String url, Throwable error) {}

    @Override
    public void connectionClosed(Object connection) {}
  };
}

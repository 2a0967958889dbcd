package dev.sonde.bootstrap.jdbc;

import dev.sonde.bootstrap.CallDepth;

/**
 * What the JDBC advice reaches from the application's class loaders: the hook, set by the JDBC
 * module when it starts (a no-op until then), and the module's call depth kinds.
 */
public final class JdbcHooks {

  /** JDBC statements and connections, of any driver. */
  public static volatile JdbcHook hook = JdbcHook.NOOP;

  /** Nesting of statement executions: a pool's proxy statement calling the driver's. */
  public static final CallDepth STATEMENT_DEPTH = CallDepth.kind("jdbc.statement");

  /** Nesting of {@code prepareStatement}/{@code prepareCall}: a pool's proxy calling the driver. */
  public static final CallDepth PREPARE_DEPTH = CallDepth.kind("jdbc.prepare");

  /** Nesting of {@code getConnection}: a DataSource wrapping another, or the DriverManager. */
  public static final CallDepth CONNECTION_DEPTH = CallDepth.kind("jdbc.connection");

  private JdbcHooks() {}
}

package dev.sonde.instrumentation.jdbc;

import java.util.concurrent.atomic.AtomicBoolean;

/** A connection's database, and whether it is counted as handed out and not yet closed. */
final class ConnectionState {

  final DbInfo db;
  /** Set once when a DataSource or the DriverManager hands it out, cleared once on close. */
  final AtomicBoolean open = new AtomicBoolean();

  ConnectionState(DbInfo db) {
    this.db = db;
  }
}

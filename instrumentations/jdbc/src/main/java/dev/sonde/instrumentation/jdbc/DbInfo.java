package dev.sonde.instrumentation.jdbc;

/**
 * The database a connection talks to, as far as its JDBC URL tells: never the URL itself, which
 * may carry credentials.
 */
final class DbInfo {

  /** A connection whose URL could not be read: still measured, under the generic system. */
  static final DbInfo UNKNOWN = new DbInfo("other_sql", null, null, -1);

  /** {@code db.system.name}, as the OpenTelemetry conventions spell it (also the metric label). */
  final String system;
  /** {@code db.namespace}: the database (or catalog, or in-memory database name); may be null. */
  final String namespace;
  final String host;
  /** -1 when the URL names none (the driver's default port is used). */
  final int port;

  DbInfo(String system, String namespace, String host, int port) {
    this.system = system;
    this.namespace = namespace;
    this.host = host;
    this.port = port;
  }
}

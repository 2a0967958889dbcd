package dev.sonde.instrumentation.jdbc;

import dev.sonde.instrumentation.api.health.DependencyWindow;

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
  /** The database's window for the health checks; null until {@link #withEndpoint}. */
  final DependencyWindow endpoint;

  DbInfo(String system, String namespace, String host, int port) {
    this(system, namespace, host, port, null);
  }

  private DbInfo(String system, String namespace, String host, int port,
      DependencyWindow endpoint) {
    this.system = system;
    this.namespace = namespace;
    this.host = host;
    this.port = port;
    this.endpoint = endpoint;
  }

  /** The same database, with its window. */
  DbInfo withEndpoint(DependencyWindow window) {
    return new DbInfo(system, namespace, host, port, window);
  }

  /**
   * The database as the health checks name it, never with credentials:
   * {@code postgresql://db.local:5432/shop}, {@code h2:inventory} (no server), {@code other_sql}.
   */
  String endpointName() {
    StringBuilder name = new StringBuilder(system);
    if (host != null) {
      name.append("://").append(host);
      if (port > 0) {
        name.append(':').append(port);
      }
      if (namespace != null) {
        name.append('/').append(namespace);
      }
    } else if (namespace != null) {
      name.append(':').append(namespace);
    }
    return name.toString();
  }
}

package dev.sonde.smoke;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.App;
import dev.sonde.smoke.harness.PostgresServer;

/**
 * The PostgreSQL database the jdbc app talks to: database {@code shop}, owned by the login role
 * {@code shop_app}, which has a password the server checks (the app sends it in the DriverManager
 * URL and as a pool property; no telemetry may ever carry it).
 */
final class ShopDatabase {

  static final String DATABASE = "shop";
  static final String USER = "shop_app";
  static final String PASSWORD = "Pw-7f3c9e-not-for-telemetry";

  private ShopDatabase() {}

  /** A fresh PostgreSQL server with the shop database (no tables: the app creates them). */
  static PostgresServer start() {
    PostgresServer server = PostgresServer.start();
    try {
      create(server);
      return server;
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
  }

  /**
   * The role and the empty shop database; until then the app waits at start-up. The role must
   * give its password: a wrong one is refused.
   */
  static void create(PostgresServer server) {
    server.createDatabase(DATABASE, USER, PASSWORD).requirePassword(USER);
  }

  /** The jdbc app pointed at {@code postgres}'s shop database. */
  static AgentApp.Builder jdbcApp(PostgresServer postgres) {
    return AgentApp.of(App.JDBC)
        .systemProperty("app.db.url", postgres.jdbcUrl(DATABASE))
        .systemProperty("app.db.user", USER)
        .systemProperty("app.db.password", PASSWORD);
  }
}

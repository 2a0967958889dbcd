package dev.sonde.smoke.apps.jdbc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code com.sun.net.httpserver} application that talks JDBC, written as if the agent did not
 * exist: the PostgreSQL driver on its own and through HikariCP, and H2 in memory.
 *
 * <pre>
 *   /plain/users/&lt;id&gt;   DriverManager connection to PostgreSQL, prepared
 *                        SELECT id, name FROM users WHERE id = ?; 200 "user &lt;id&gt; &lt;name|unknown&gt;"
 *   /hikari/users/&lt;id&gt;  the same SELECT through the Hikari pool, logs "between queries for user &lt;id&gt;",
 *                        then SELECT count(*) FROM orders WHERE user_id = ?;
 *                        200 "user &lt;id&gt; &lt;name|unknown&gt; has &lt;n&gt; orders"
 *   /statement         Statement.executeQuery of a SELECT with literals (see {@link #LITERAL_QUERY});
 *                        200 "rows &lt;n&gt;"
 *   /batch             prepared INSERT INTO orders(user_id, amount) VALUES (?, ?), three addBatch(),
 *                        one executeBatch(); 200 "inserted &lt;n&gt;"
 *   /broken            executes "SELEC oops FROM users" (a syntax error) and catches the SQLException;
 *                        500 with its class, message and top stack frame, one per line
 *   /card              executes {@link #CARD_QUERY}, whose literal is no number: PostgreSQL's error
 *                        repeats it; catches the SQLException; 500 with its class and message
 *   /wrong-password    DriverManager.getConnection with the right user and a wrong password (the
 *                        server checks it); 500 "refused &lt;SQLState&gt;"
 *   /index             through the pool, executes {@link #CREATE_INDEX} (an unnamed index: PostgreSQL
 *                        names it, a new one each time); 200 "index created"
 *   /keywords          through the pool, {@link #KEYWORD} (a set-returning function in FROM);
 *                        200 "keyword &lt;word&gt;"
 *   /h2/items/&lt;id&gt;      H2 in memory (jdbc:h2:mem:inventory), prepared SELECT on items;
 *                        200 "item &lt;id&gt; &lt;name|unknown&gt;"
 *   /hold              borrows a connection from the pool and keeps it; 200 "held" (409 when one is held)
 *   /release           gives the held connection back; 200 "released" (409 when none is held)
 *   anything else      404
 * </pre>
 *
 * <p>Before the server listens, the app waits (up to a minute) for the database to accept
 * connections, as an app started beside its database does, then creates the schema and seed data
 * on PostgreSQL (tables {@code users} and {@code orders}; the one {@code INSERT INTO users} the app
 * ever runs) and on H2 ({@code items}): queries outside any request.
 *
 * <p>Port: {@code args[0]} or {@code -Dapp.port}. PostgreSQL: {@code -Dapp.db.url}
 * ({@code jdbc:postgresql://host:port/database}, no credentials), {@code -Dapp.db.user},
 * {@code -Dapp.db.password}. The DriverManager endpoints put the credentials into the URL
 * ({@code ?user=..&password=..}), the pool gets them as properties. Log file: {@code -Dapp.log.file}
 * (see logback.xml). Prints {@code jdbc app ready on port <port>} once it listens.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  static final String H2_URL = "jdbc:h2:mem:inventory;DB_CLOSE_DELAY=-1";
  static final String SELECT_USER = "SELECT id, name FROM users WHERE id = ?";
  static final String COUNT_ORDERS = "SELECT count(*) FROM orders WHERE user_id = ?";
  static final String LITERAL_QUERY =
      "SELECT id FROM users WHERE name = 'alice' AND id > 41 AND id IN (1, 2, 3)";
  static final String INSERT_ORDER = "INSERT INTO orders(user_id, amount) VALUES (?, ?)";
  static final String BROKEN = "SELEC oops FROM users";
  /** A card number where a user id belongs. */
  static final String CARD = "4111-1111-1111-1111";
  static final String CARD_QUERY = "SELECT name FROM users WHERE id = '" + CARD + "'";
  static final String WRONG_PASSWORD = "Wrong-pw-not-for-telemetry";
  static final String SELECT_ITEM = "SELECT id, name FROM items WHERE id = ?";
  static final String CREATE_INDEX = "CREATE INDEX ON orders (user_id)";
  static final String KEYWORD = "SELECT word FROM pg_catalog.pg_get_keywords() LIMIT 1";

  private static String plainUrl;
  private static String wrongPasswordUrl;
  private static HikariDataSource pool;
  private static final Object HOLD_LOCK = new Object();
  private static Connection held;

  private Main() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args.length > 0 ? args[0] : System.getProperty("app.port", "8080"));
    String url = required("app.db.url");
    String user = required("app.db.user");
    String password = required("app.db.password");
    plainUrl = url + "?user=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
        + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
    wrongPasswordUrl = url + "?user=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
        + "&password=" + WRONG_PASSWORD;
    LOG.info("outside request");

    createSchema();

    HikariConfig config = new HikariConfig();
    config.setPoolName("shop");
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(4);
    pool = new HikariDataSource(config);

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.createContext("/", Main::handle);
    ExecutorService executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop(0);
      executor.shutdownNow();
      pool.close();
    }));
    System.out.println("jdbc app ready on port " + port);
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("-D" + property + " is required");
    }
    return value;
  }

  /** Tables and seed rows; safe to run again against the same database (a second instance). */
  static void createSchema() throws SQLException, InterruptedException {
    try (Connection connection = awaitDatabase();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS users (id BIGINT PRIMARY KEY, name TEXT NOT NULL)");
      statement.execute("CREATE TABLE IF NOT EXISTS orders (id BIGSERIAL PRIMARY KEY,"
          + " user_id BIGINT NOT NULL, amount NUMERIC(10, 2) NOT NULL)");
      int inserted = statement.executeUpdate("INSERT INTO users (id, name) VALUES"
          + " (1, 'alice'), (2, 'bob'), (3, 'carol'), (42, 'alice') ON CONFLICT DO NOTHING");
      LOG.info("seeded {} users", inserted);
    }
    try (Connection connection = DriverManager.getConnection(H2_URL, "sa", "");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS items (id BIGINT PRIMARY KEY, name VARCHAR(100))");
      statement.execute("MERGE INTO items (id, name) KEY (id) VALUES (1, 'hammer'), (7, 'saw')");
    }
  }

  private static Connection awaitDatabase() throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    boolean told = false;
    while (true) {
      try {
        return DriverManager.getConnection(plainUrl);
      } catch (SQLException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        if (!told) {
          LOG.info("waiting for the database: {}", e.getMessage());
          told = true;
        }
        Thread.sleep(100);
      }
    }
  }

  static void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    try {
      if (path.startsWith("/plain/users/")) {
        send(exchange, 200, plainUser(Long.parseLong(path.substring("/plain/users/".length()))));
      } else if (path.startsWith("/hikari/users/")) {
        send(exchange, 200, pooledUser(Long.parseLong(path.substring("/hikari/users/".length()))));
      } else if (path.equals("/statement")) {
        send(exchange, 200, literalStatement());
      } else if (path.equals("/batch")) {
        send(exchange, 200, batch());
      } else if (path.equals("/broken")) {
        send(exchange, 500, broken());
      } else if (path.equals("/card")) {
        send(exchange, 500, card());
      } else if (path.equals("/wrong-password")) {
        send(exchange, 500, wrongPassword());
      } else if (path.equals("/index")) {
        send(exchange, 200, createIndex());
      } else if (path.equals("/keywords")) {
        send(exchange, 200, keyword());
      } else if (path.startsWith("/h2/items/")) {
        send(exchange, 200, item(Long.parseLong(path.substring("/h2/items/".length()))));
      } else if (path.equals("/hold")) {
        hold(exchange);
      } else if (path.equals("/release")) {
        release(exchange);
      } else {
        send(exchange, 404, "not found");
      }
    } catch (NumberFormatException e) {
      send(exchange, 400, "not a number: " + e.getMessage());
    } catch (SQLException e) {
      LOG.error("query failed on " + path, e);
      send(exchange, 500, "unexpected " + e);
    }
  }

  static String plainUser(long id) throws SQLException {
    try (Connection connection = DriverManager.getConnection(plainUrl)) {
      return "user " + id + " " + userName(connection, id);
    }
  }

  static String pooledUser(long id) throws SQLException {
    try (Connection connection = pool.getConnection()) {
      String name = userName(connection, id);
      LOG.info("between queries for user {}", id);
      try (PreparedStatement statement = connection.prepareStatement(COUNT_ORDERS)) {
        statement.setLong(1, id);
        try (ResultSet rows = statement.executeQuery()) {
          rows.next();
          return "user " + id + " " + name + " has " + rows.getLong(1) + " orders";
        }
      }
    }
  }

  private static String userName(Connection connection, long id) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(SELECT_USER)) {
      statement.setLong(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getString("name") : "unknown";
      }
    }
  }

  static String literalStatement() throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(LITERAL_QUERY)) {
      int count = 0;
      while (rows.next()) {
        count++;
      }
      return "rows " + count;
    }
  }

  static String batch() throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = connection.prepareStatement(INSERT_ORDER)) {
      for (int i = 1; i <= 3; i++) {
        statement.setLong(1, i);
        statement.setBigDecimal(2, new java.math.BigDecimal(i + ".50"));
        statement.addBatch();
      }
      int inserted = 0;
      for (int count : statement.executeBatch()) {
        inserted += count;
      }
      return "inserted " + inserted;
    }
  }

  /** The failing statement's exception as the application sees it. */
  static String broken() throws SQLException {
    try (Connection connection = DriverManager.getConnection(plainUrl);
        Statement statement = connection.createStatement()) {
      statement.execute(BROKEN);
      return "no exception";
    } catch (SQLException e) {
      return e.getClass().getName() + "\n" + e.getMessage() + "\n" + e.getStackTrace()[0];
    }
  }

  /** The failing statement's exception as the application sees it: class and message. */
  static String card() throws SQLException {
    try (Connection connection = DriverManager.getConnection(plainUrl);
        Statement statement = connection.createStatement()) {
      statement.execute(CARD_QUERY);
      return "no exception";
    } catch (SQLException e) {
      return e.getClass().getName() + "\n" + e.getMessage();
    }
  }

  /** A connection the server refuses: the right user, a wrong password. */
  static String wrongPassword() {
    try (Connection connection = DriverManager.getConnection(wrongPasswordUrl)) {
      return "connected";
    } catch (SQLException e) {
      return "refused " + e.getSQLState();
    }
  }

  static String createIndex() throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(CREATE_INDEX);
      return "index created";
    }
  }

  static String keyword() throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(KEYWORD)) {
      return rows.next() ? "keyword " + rows.getString(1) : "no keyword";
    }
  }

  static String item(long id) throws SQLException {
    try (Connection connection = DriverManager.getConnection(H2_URL, "sa", "");
        PreparedStatement statement = connection.prepareStatement(SELECT_ITEM)) {
      statement.setLong(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        return "item " + id + " " + (rows.next() ? rows.getString("name") : "unknown");
      }
    }
  }

  private static void hold(HttpExchange exchange) throws IOException, SQLException {
    synchronized (HOLD_LOCK) {
      if (held != null) {
        send(exchange, 409, "already held");
        return;
      }
      held = pool.getConnection();
    }
    send(exchange, 200, "held");
  }

  private static void release(HttpExchange exchange) throws IOException, SQLException {
    synchronized (HOLD_LOCK) {
      if (held == null) {
        send(exchange, 409, "nothing held");
        return;
      }
      held.close();
      held = null;
    }
    send(exchange, 200, "released");
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}

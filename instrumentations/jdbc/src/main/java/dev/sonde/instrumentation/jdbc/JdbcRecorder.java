package dev.sonde.instrumentation.jdbc;

import dev.sonde.bootstrap.jdbc.JdbcHook;
import dev.sonde.instrumentation.api.cache.WeakKeyMap;
import dev.sonde.instrumentation.api.health.Dependencies;
import dev.sonde.instrumentation.api.trace.BoxedLongs;
import dev.sonde.instrumentation.api.trace.ExceptionTexts;
import dev.sonde.instrumentation.jdbc.sql.ErrorTextSanitizer;
import dev.sonde.instrumentation.jdbc.sql.SqlStatement;
import dev.sonde.instrumentation.jdbc.sql.SqlStatementCache;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns what the JDBC advice reports into a CLIENT span (stable OpenTelemetry database
 * conventions, SQL sanitized), the contract's database metrics, the count of connections in
 * use, and each database's window for the health checks.
 *
 * <p>A span is made only under a current span (an HTTP request, a consumer...), unless root
 * spans are configured: a pool's validation queries and background jobs are measured, not traced.
 * The statement span is not made current: the driver's own log lines keep the request's
 * correlation fields.
 */
final class JdbcRecorder implements JdbcHook {

  private static final AttributeKey<String> SYSTEM_NAME = AttributeKey.stringKey("db.system.name");
  /** The pre-stable name of the same attribute: many backends still group by it. */
  private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system");
  private static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("db.namespace");
  private static final AttributeKey<String> QUERY_TEXT = AttributeKey.stringKey("db.query.text");
  private static final AttributeKey<String> OPERATION =
      AttributeKey.stringKey("db.operation.name");
  private static final AttributeKey<String> COLLECTION =
      AttributeKey.stringKey("db.collection.name");
  private static final AttributeKey<Long> BATCH_SIZE =
      AttributeKey.longKey("db.operation.batch.size");
  private static final AttributeKey<String> SERVER_ADDRESS =
      AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /** Distinct JDBC URLs: a handful per application; the bound only guards against the odd one. */
  private static final int MAX_URLS = 256;
  /** DataSources whose database is remembered: a handful per application too. */
  private static final int MAX_SOURCES = 256;

  private final Tracer tracer;
  private final JdbcMetrics metrics;
  private final SqlStatementCache sqlCache;
  private final boolean rootSpans;
  /** Whether the literals a database error repeats are hidden in the span's exception texts. */
  private final boolean sanitizeErrors;
  private final WeakKeyMap<Object, StatementState> statements;
  /**
   * Keyed by the driver's connection, behind a pool's proxy when there is a pool: a pool hands
   * out a new proxy at every checkout, the same driver connection behind it, so the entry is made
   * once per physical connection, not once per checkout.
   */
  private final WeakKeyMap<Object, ConnectionState> connections;
  private final ConcurrentHashMap<String, DbInfo> urls = new ConcurrentHashMap<String, DbInfo>();
  private final Dependencies dependencies;
  /** A connection whose URL could not be read: measured under the generic system. */
  private final DbInfo unknown;
  /**
   * Each DataSource's database, from the connections it handed out: where its failures to hand
   * one out count (a failure has no connection to read a URL from).
   */
  private final WeakKeyMap<Object, DbInfo> sources = new WeakKeyMap<Object, DbInfo>(MAX_SOURCES);

  JdbcRecorder(Tracer tracer, JdbcMetrics metrics, SqlStatementCache sqlCache, boolean rootSpans,
      int maxTrackedObjects, Dependencies dependencies) {
    this(tracer, metrics, sqlCache, rootSpans, true, maxTrackedObjects, dependencies);
  }

  JdbcRecorder(Tracer tracer, JdbcMetrics metrics, SqlStatementCache sqlCache, boolean rootSpans,
      boolean sanitizeErrors, int maxTrackedObjects, Dependencies dependencies) {
    this.sanitizeErrors = sanitizeErrors;
    this.tracer = tracer;
    this.dependencies = dependencies;
    this.unknown = withEndpoint(DbInfo.UNKNOWN);
    this.metrics = metrics;
    this.sqlCache = sqlCache;
    this.rootSpans = rootSpans;
    this.statements = new WeakKeyMap<Object, StatementState>(maxTrackedObjects);
    this.connections = new WeakKeyMap<Object, ConnectionState>(maxTrackedObjects);
  }

  @Override
  public void prepared(Object statement, String sql) {
    if (statement != null) {
      statements.put(statement, new StatementState(sqlCache.get(sql)));
    }
  }

  @Override
  public void statementClosed(Object statement) {
    statements.remove(statement);
  }

  @Override
  public void batched(Object statement, String sql) {
    StatementState state = statements.get(statement);
    if (state == null) {
      state = new StatementState(null);
      if (!statements.put(statement, state)) {
        return;
      }
    }
    if (sql != null && state.batchSql == null) {
      state.batchSql = sqlCache.get(sql);
    }
    state.batchSize++;
  }

  @Override
  public void batchCleared(Object statement) {
    StatementState state = statements.get(statement);
    if (state != null) {
      state.clearBatch();
    }
  }

  @Override
  public Object start(Object statement, String sql, boolean batch) {
    long startNanos = System.nanoTime();
    SqlStatement query;
    int batchSize = 0;
    if (sql != null) {
      query = sqlCache.get(sql);
    } else {
      StatementState state = statements.get(statement);
      if (state == null) {
        query = sqlCache.get(null);
      } else if (batch) {
        query = state.batchSql != null ? state.batchSql
            : state.prepared != null ? state.prepared : sqlCache.get(null);
        batchSize = state.batchSize;
        // executeBatch empties the batch, whether it succeeds or not.
        state.clearBatch();
      } else {
        query = state.prepared != null ? state.prepared : sqlCache.get(null);
      }
    }
    DbInfo db = dbOf(statement);
    Context parent = Context.current();
    Span span = null;
    if (rootSpans || Span.fromContext(parent).getSpanContext().isValid()) {
      String name = query.spanName();
      span = tracer.spanBuilder(name != null ? name : db.system).setParent(parent)
          .setSpanKind(SpanKind.CLIENT).startSpan();
      if (span.isRecording()) {
        describe(span, db, query, batch ? batchSize : 0);
      }
    }
    return new JdbcCall(db, query, span, startNanos);
  }

  @Override
  public void end(Object scope, Throwable error) {
    JdbcCall call = (JdbcCall) scope;
    long now = System.nanoTime();
    long nanos = now - call.startNanos;
    metrics.executed(call.db.system, call.sql.queryType(), call.sql.tableLabel(), nanos, error);
    // A statement the database refused as wrong is the application's error, not the database's.
    call.db.endpoint.record(now, nanos,
        error != null && !StatementFaults.isStatementError(error));
    Span span = call.span;
    if (span != null) {
      if (error != null && span.isRecording()) {
        if (sanitizeErrors) {
          // The database's message repeats the statement's literals ("invalid input syntax for
          // type bigint: \"4111...\""): hidden as in db.query.text, when the span is exported.
          ExceptionTexts.record(span, error, new ErrorTextSanitizer(call.sql.text));
        } else {
          span.recordException(error);
        }
        span.setAttribute(ERROR_TYPE, error.getClass().getName());
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
    }
  }

  @Override
  public void connectionOpened(Object source, Object connection) {
    if (connection == null || Proxy.isProxyClass(connection.getClass())) {
      // A JDK proxy's close() is never seen (proxy classes are not instrumented): counting it
      // would only ever raise the gauge (Tomcat's jdbc-pool, Spring's DataSource proxies).
      return;
    }
    ConnectionState state = stateOf(target((Connection) connection));
    if (state == null) {
      // Not tracked, so its close could not be matched: not counted either.
      return;
    }
    if (state.open.compareAndSet(false, true)) {
      metrics.connectionOpened(state.db.system);
    }
    if (source != null && sources.get(source) == null) {
      sources.put(source, state.db);
    }
    // The database (or its pool) served: a successful call for its health, not timed.
    state.db.endpoint.record(System.nanoTime(), -1, false);
  }

  @Override
  public void connectionFailed(Object source, String url, Throwable error) {
    // DriverManager names the database in its URL; a DataSource is known by the connections it
    // handed out before.
    DbInfo db = url != null ? dbOfUrl(url) : source == null ? null : sources.get(source);
    (db != null ? db : unknown).endpoint.record(System.nanoTime(), -1,
        !StatementFaults.isStatementError(error));
  }

  @Override
  public void connectionClosed(Object connection) {
    // Called as close() begins: a pool's proxy still reaches its driver connection.
    Connection driverConnection = target((Connection) connection);
    // A proxy's close returns the driver connection to the pool, where it lives on; the driver's
    // own close ends it.
    ConnectionState state = driverConnection == connection
        ? connections.remove(driverConnection) : connections.get(driverConnection);
    if (state != null && state.open.compareAndSet(true, false)) {
      metrics.connectionClosed(state.db.system);
    }
  }

  private DbInfo withEndpoint(DbInfo db) {
    return db.withEndpoint(dependencies.endpoint(Dependencies.DATABASE, db.endpointName()));
  }

  private static void describe(Span span, DbInfo db, SqlStatement query, int batchSize) {
    span.setAttribute(SYSTEM_NAME, db.system);
    span.setAttribute(SYSTEM, db.system);
    if (db.namespace != null) {
      span.setAttribute(NAMESPACE, db.namespace);
    }
    if (!query.text.isEmpty()) {
      span.setAttribute(QUERY_TEXT, query.text);
    }
    if (query.operation != null) {
      span.setAttribute(OPERATION, query.operation);
    }
    if (query.table != null) {
      span.setAttribute(COLLECTION, query.table);
    }
    if (batchSize > 1) {
      span.setAttribute(BATCH_SIZE, BoxedLongs.of(batchSize));
    }
    if (db.host != null) {
      span.setAttribute(SERVER_ADDRESS, db.host);
      if (db.port > 0) {
        span.setAttribute(SERVER_PORT, BoxedLongs.of(db.port));
      }
    }
  }

  private DbInfo dbOf(Object statement) {
    Connection connection;
    try {
      connection = ((Statement) statement).getConnection();
    } catch (Throwable e) {
      return unknown;
    }
    if (connection == null) {
      return unknown;
    }
    Connection driverConnection = target(connection);
    ConnectionState state = stateOf(driverConnection);
    // The map is full, so no state is kept: this execution still has its database.
    return state != null ? state.db : dbFromUrl(driverConnection);
  }

  /**
   * The state of a driver connection, made (its URL read) the first time it is seen; null when
   * the map is full and it could not be kept.
   */
  private ConnectionState stateOf(Connection driverConnection) {
    ConnectionState state = connections.get(driverConnection);
    return state != null ? state : connections.putIfAbsent(driverConnection,
        new ConnectionState(dbFromUrl(driverConnection)));
  }

  /**
   * The driver's connection behind a pool's proxy. Asking the proxy for its metadata can change
   * the pool's behaviour (HikariCP then rolls back on close), asking the driver's cannot.
   */
  private static Connection target(Connection connection) {
    try {
      Connection unwrapped = connection.unwrap(Connection.class);
      return unwrapped != null ? unwrapped : connection;
    } catch (Throwable e) {
      return connection;
    }
  }

  /** The database of a driver connection, from its URL: once per connection (its state keeps it). */
  private DbInfo dbFromUrl(Connection driverConnection) {
    String url;
    try {
      url = driverConnection.getMetaData().getURL();
    } catch (Throwable e) {
      return unknown;
    }
    return url == null ? unknown : dbOfUrl(url);
  }

  /** The database a JDBC URL names; the URL itself (it may hold credentials) is never kept in it. */
  private DbInfo dbOfUrl(String url) {
    DbInfo db = urls.get(url);
    if (db == null) {
      db = withEndpoint(JdbcUrl.parse(url));
      if (urls.size() < MAX_URLS) {
        urls.put(url, db);
      }
    }
    return db;
  }
}

package dev.sonde.instrumentation.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sonde.bootstrap.jdbc.JdbcHooks;
import dev.sonde.instrumentation.api.InstrumentationModule;
import dev.sonde.instrumentation.api.LibraryShape;
import dev.sonde.instrumentation.api.SuperTypes;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.TypeInstrumentation;
import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.jdbc.sql.SqlStatementCache;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * JDBC, for any driver: the {@code java.sql} interfaces every driver and pool implements.
 * Statements ({@code execute*}, batches), connections ({@code prepareStatement},
 * {@code prepareCall}, {@code close}), {@code DataSource.getConnection} and
 * {@code DriverManager.getConnection}.
 */
public final class JdbcInstrumentation implements InstrumentationModule {

  /** {@code sonde.instrumentation.jdbc.root-spans}: trace statements run outside any span too. */
  static final String ROOT_SPANS = "sonde.instrumentation.jdbc.root-spans";
  /** {@code sonde.instrumentation.jdbc.query-text.max-length}: longer sanitized SQL is cut. */
  static final String MAX_QUERY_TEXT = "sonde.instrumentation.jdbc.query-text.max-length";
  /** {@code sonde.instrumentation.jdbc.statement-cache.size}: distinct SQL strings kept parsed. */
  static final String STATEMENT_CACHE = "sonde.instrumentation.jdbc.statement-cache.size";
  /**
   * {@code sonde.instrumentation.jdbc.error-text.sanitize} (true): literals in the exception
   * texts of JDBC spans become {@code ?}, as in the query text.
   */
  static final String SANITIZE_ERRORS = "sonde.instrumentation.jdbc.error-text.sanitize";
  /** Statements and connections tracked at once; beyond, new ones are measured with less detail. */
  private static final int MAX_TRACKED_OBJECTS = 50_000;

  /**
   * Hikari's adapter from a JDBC URL to a DataSource: the pool calls it to open physical
   * connections, which are not handed out to the application.
   */
  private static final String HIKARI_DRIVER_DATA_SOURCE = "com.zaxxer.hikari.util.DriverDataSource";
  /** Where HikariCP opens the physical connections that fill the pool, whatever their source. */
  private static final String HIKARI_POOL_BASE = "com.zaxxer.hikari.pool.PoolBase";

  @Override
  public String name() {
    return "jdbc";
  }

  @Override
  public LibraryShape shape() {
    return LibraryShape.requires("java.sql.Statement", "executeBatch", "addBatch", "clearBatch")
        .and("java.sql.Connection", "prepareStatement", "prepareCall", "getMetaData");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    SuperTypes statements = SuperTypes.implementing("java.sql.Statement");
    SuperTypes connections = SuperTypes.implementing("java.sql.Connection");
    return Arrays.asList(
        TypeInstrumentation.of(statements,
            concrete(namedOneOf("execute", "executeQuery", "executeUpdate", "executeLargeUpdate"))
                .and(takesArgument(0, String.class)),
            ExecuteSqlAdvice.class),
        TypeInstrumentation.of(statements,
            concrete(namedOneOf("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
                "executeBatch", "executeLargeBatch")).and(takesArguments(0)),
            ExecutePreparedAdvice.class),
        TypeInstrumentation.of(statements,
            concrete(named("addBatch")).and(takesArguments(0).or(takesArguments(String.class))),
            AddBatchAdvice.class),
        TypeInstrumentation.of(statements,
            concrete(named("clearBatch")).and(takesArguments(0)), ClearBatchAdvice.class),
        TypeInstrumentation.of(statements,
            concrete(named("close")).and(takesArguments(0)), StatementCloseAdvice.class),
        TypeInstrumentation.of(connections,
            concrete(namedOneOf("prepareStatement", "prepareCall"))
                .and(takesArgument(0, String.class)),
            PrepareAdvice.class),
        TypeInstrumentation.of(connections,
            concrete(named("close")).and(takesArguments(0)), ConnectionCloseAdvice.class),
        TypeInstrumentation.of(
            SuperTypes.implementing("javax.sql.DataSource").except(HIKARI_DRIVER_DATA_SOURCE),
            concrete(named("getConnection")).and(returns(named("java.sql.Connection"))),
            GetConnectionAdvice.class),
        TypeInstrumentation.of(named(HIKARI_POOL_BASE), named("newConnection"),
            PoolConnectionAdvice.class),
        // The private method every public overload calls; from JDK 18 reflective calls reach it
        // directly (it is the @CallerSensitiveAdapter), skipping the public ones.
        TypeInstrumentation.of(named("java.sql.DriverManager"),
            named("getConnection").and(isPrivate()).and(isStatic()).and(takesArguments(3))
                .and(takesArgument(0, String.class)),
            DriverManagerConnectionAdvice.class));
  }

  /** The one JDK class that hands out application connections. */
  @Override
  public List<String> jdkClasses() {
    return Collections.singletonList("java.sql.DriverManager");
  }

  @Override
  public void start(Telemetry telemetry) {
    Config config = telemetry.config();
    boolean rootSpans = config.getBoolean(ROOT_SPANS, false);
    int maxText = config.getInt(MAX_QUERY_TEXT, 2048, 64, 1_000_000);
    int cacheSize = config.getInt(STATEMENT_CACHE, 1000, 0, 1_000_000);
    boolean sanitizeErrors = config.getBoolean(SANITIZE_ERRORS, true);
    JdbcHooks.hook = new JdbcRecorder(telemetry.tracer(), new JdbcMetrics(telemetry.metrics()),
        new SqlStatementCache(cacheSize, maxText), rootSpans, sanitizeErrors, MAX_TRACKED_OBJECTS,
        telemetry.dependencies());
  }

  private static ElementMatcher.Junction<MethodDescription> concrete(
      ElementMatcher.Junction<MethodDescription> methods) {
    return methods.and(isPublic()).and(not(isAbstract())).and(not(isStatic()));
  }
}

package dev.sonde.benchmarks;

import dev.sonde.bootstrap.jdbc.JdbcHooks;
import dev.sonde.instrumentation.jdbc.JdbcInstrumentation;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the JDBC advice costs around one execution of a prepared statement: {@code start} and
 * {@code end} with the real recorder (SQL looked up for the statement, database looked up for its
 * connection, metrics, and a CLIENT span when a request's span is current), on a real H2
 * statement. The query itself is not run: only the agent's share is measured.
 *
 * <p>{@code inRequest=false} is a statement outside any span (a job, a pool's validation query):
 * metrics only.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class JdbcHookBenchmark {

  @Param({"false", "true"})
  public boolean inRequest;

  private AgentTelemetry telemetry;
  private Connection connection;
  private PreparedStatement statement;
  private Object request;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    telemetry = new AgentTelemetry(true);
    new JdbcInstrumentation().start(telemetry.telemetry);
    connection = DriverManager.getConnection("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1");
    connection.createStatement().execute("CREATE TABLE IF NOT EXISTS users(id INT, name VARCHAR)");
    statement = connection.prepareStatement("SELECT id, name FROM users WHERE id = ?");
    JdbcHooks.hook.prepared(statement, "SELECT id, name FROM users WHERE id = ?");
  }

  @Setup(Level.Iteration)
  public void enterRequest() {
    if (inRequest) {
      request = AgentTelemetry.startRequest("GET", "/users/42");
    }
  }

  @TearDown(Level.Iteration)
  public void exitRequest() {
    AgentTelemetry.endRequest(request);
    request = null;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    statement.close();
    connection.close();
    telemetry.close();
  }

  @Benchmark
  public Object preparedExecution() {
    Object scope = JdbcHooks.hook.start(statement, null, false);
    JdbcHooks.hook.end(scope, null);
    return scope;
  }
}

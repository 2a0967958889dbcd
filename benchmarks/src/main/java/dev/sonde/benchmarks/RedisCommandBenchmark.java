package dev.sonde.benchmarks;

import dev.sonde.instrumentation.api.health.DependencyWindow;
import dev.sonde.instrumentation.api.redis.RedisCall;
import dev.sonde.instrumentation.api.redis.RedisCommandRecorder;
import java.nio.charset.StandardCharsets;
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
 * One Redis {@code GET} as a client's recorder reports it to the shared recorder: start on the
 * calling thread, end with the reply (metrics, hit ratio, the server's health window).
 * {@code reply}: the key was found ({@code hit}) or not
 * ({@code miss}). {@code current}: no span around the command (metrics only), a sampled request,
 * or a request the sampler dropped ({@code unsampled}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class RedisCommandBenchmark {

  @Param({"hit", "miss"})
  public String reply;

  @Param({"none", "sampled", "unsampled"})
  public String current;

  private final Object[] args = {"user:42".getBytes(StandardCharsets.UTF_8)};
  private final byte[] value = "alice".getBytes(StandardCharsets.UTF_8);
  private AgentTelemetry telemetry;
  private RedisCommandRecorder recorder;
  /** The server's health window, as a client's recorder keeps it per connection. */
  private DependencyWindow server;
  private Object found;
  private Object request;

  @Setup(Level.Trial)
  public void setUp() {
    telemetry = new AgentTelemetry(!current.equals("unsampled"));
    recorder = RedisCommandRecorder.of(telemetry.telemetry);
    server = recorder.endpoint("127.0.0.1", 6379);
    found = reply.equals("hit") ? value : null;
  }

  @Setup(Level.Iteration)
  public void enterRequest() {
    if (!current.equals("none")) {
      request = AgentTelemetry.startRequest("GET", "/users/42");
    }
  }

  @TearDown(Level.Iteration)
  public void exitRequest() {
    AgentTelemetry.endRequest(request);
    request = null;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    telemetry.close();
  }

  @Benchmark
  public RedisCall get() {
    RedisCall call = recorder.start("GET", args, "127.0.0.1", 6379, 0, server);
    recorder.end(call, found, null);
    return call;
  }
}

package dev.sonde.benchmarks;

import dev.sonde.bootstrap.Hooks;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * What the trace page adds to a sampled request: {@code HttpServerHookBenchmark}'s request
 * (sampled, its span encoded for OTLP/HTTP), with the page off and on. On, the ended span is also
 * offered to the page's queue, and the page's thread copies it into its ring and windows; with
 * {@code -prof gc} that thread's allocation is counted too (JMH counts every thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class TracePageBenchmark {

  @Param({"false", "true"})
  public boolean page;

  private AgentTelemetry telemetry;

  @Setup
  public void setUp() {
    telemetry = new AgentTelemetry(true, page);
  }

  @TearDown
  public void tearDown() {
    telemetry.close();
  }

  @Benchmark
  public Object request() {
    Object scope = AgentTelemetry.startRequest("GET", "/users/42");
    Hooks.httpServer.end(scope, 200, null, null);
    return scope;
  }
}

package dev.sonde.benchmarks;

import dev.sonde.instrumentation.api.http.RouteTemplate;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The {@code endpoint} label derived from a raw path when the framework names no route. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class RouteTemplateBenchmark {

  @Param({"/users/42/orders/7", "/health", "/sessions/3f2c8a9e-1b4d-4e6f-9a7b-0c1d2e3f4a5b"})
  public String path;

  @Benchmark
  public String of() {
    return RouteTemplate.of(path);
  }
}

package dev.sonde.benchmarks;

import dev.sonde.instrumentation.api.http.QueryRedaction;
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

/**
 * The server span's {@code url.query} with sensitive values hidden (sampled requests only): a query
 * with nothing to hide must cost a scan and no allocation; one with a token, one copy.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class QueryRedactionBenchmark {

  @Param({"page=2&size=20&sort=name", "token=abc123&page=2",
      "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20240101&X-Amz-Date=20240101T000000Z"
          + "&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=3f2c8a9e1b4d4e6f"})
  public String query;

  private final QueryRedaction redaction = QueryRedaction.DEFAULT;

  @Benchmark
  public String redact() {
    return redaction.redact(query);
  }
}

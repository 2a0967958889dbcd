package dev.sonde.benchmarks;

import dev.sonde.bootstrap.rabbitmq.RabbitMqHook;
import dev.sonde.bootstrap.rabbitmq.RabbitMqHooks;
import dev.sonde.instrumentation.rabbitmq.RabbitMqInstrumentation;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
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
 * One delivery to a consumer as the advice reports it to the RabbitMQ recorder: start (the queue
 * the consumer was registered on, the parent read from the message's {@code traceparent}, the
 * CONSUMER span made current with the log correlation fields), end (metrics, span ended and
 * queued for export). The end-to-end harness found this the second largest agent cost on the
 * service's threads. {@code traceparent}: the message carries a sampled one (a publish traced by
 * the agent), or none (a root span).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class RabbitMqDeliveryBenchmark {

  @Param({"sampled", "none"})
  public String traceparent;

  private final Object consumer = new Object();
  private AgentTelemetry telemetry;
  private RabbitMqHook hook;
  private Map<String, Object> headers;

  @Setup(Level.Trial)
  public void setUp() {
    telemetry = new AgentTelemetry(true);
    new RabbitMqInstrumentation().start(telemetry.telemetry);
    hook = RabbitMqHooks.hook;
    hook.consumerRegistered(consumer, "orders", "amq.ctag-bench");
    if (traceparent.equals("sampled")) {
      headers = new HashMap<String, Object>();
      headers.put("traceparent",
          new WireText("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    RabbitMqHooks.hook = RabbitMqHook.NOOP;
    telemetry.close();
  }

  @Benchmark
  public Object delivery() {
    Object scope = hook.deliveryStart(consumer, "amq.ctag-bench", "orders", 42, headers, 256);
    hook.deliveryEnd(scope, null);
    return scope;
  }

  /**
   * What amqp-client hands the consumer for a string header: a {@code LongString} whose
   * {@code toString()} decodes its bytes anew each time.
   */
  private static final class WireText {
    private final byte[] bytes;

    WireText(String text) {
      this.bytes = text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}

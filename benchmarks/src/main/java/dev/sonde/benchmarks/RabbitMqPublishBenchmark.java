package dev.sonde.benchmarks;

import dev.sonde.bootstrap.rabbitmq.RabbitMqHook;
import dev.sonde.bootstrap.rabbitmq.RabbitMqHooks;
import dev.sonde.instrumentation.rabbitmq.RabbitMqInstrumentation;
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
 * One {@code basicPublish} as the advice reports it to the RabbitMQ recorder: start, the headers
 * to send instead (the trace context added to a copy of the application's), end. Building the
 * new {@code BasicProperties} is amqp-client's own work and not measured. {@code current}: no
 * span around the publish (metrics only, message unchanged) or a sampled request.
 * {@code headers}: the application sent none, or three of its own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class RabbitMqPublishBenchmark {

  @Param({"none", "request"})
  public String current;

  @Param({"null", "present"})
  public String headers;

  private final Object channel = new Object();
  private AgentTelemetry telemetry;
  private RabbitMqHook hook;
  private Map<String, Object> appHeaders;
  private Object request;

  @Setup(Level.Trial)
  public void setUp() {
    telemetry = new AgentTelemetry(true);
    new RabbitMqInstrumentation().start(telemetry.telemetry);
    hook = RabbitMqHooks.hook;
    if (headers.equals("present")) {
      appHeaders = new HashMap<String, Object>();
      appHeaders.put("message-type", "OrderCreated");
      appHeaders.put("tenant", "acme");
      appHeaders.put("attempt", 1);
    }
  }

  @Setup(Level.Iteration)
  public void enterRequest() {
    if (current.equals("request")) {
      request = AgentTelemetry.startRequest("POST", "/orders");
    }
  }

  @TearDown(Level.Iteration)
  public void exitRequest() {
    AgentTelemetry.endRequest(request);
    request = null;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    RabbitMqHooks.hook = RabbitMqHook.NOOP;
    telemetry.close();
  }

  @Benchmark
  public Map<String, Object> publish() {
    Object scope = hook.publishStart(channel, "", "orders.created", appHeaders, 256);
    Map<String, Object> sent = hook.publishHeaders(scope);
    hook.publishEnd(scope, null);
    return sent;
  }
}

package dev.sonde.benchmarks;

import dev.sonde.bootstrap.Hooks;
import dev.sonde.bootstrap.TaskContextHook;
import dev.sonde.instrumentation.executors.ExecutorsInstrumentation;
import java.util.concurrent.LinkedBlockingQueue;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the executor advice adds to one task, submitted and run. Both happen on the benchmark
 * thread, the run as on a worker: with nothing current (so it includes leaving the request's
 * context and coming back, about the cost of one attach); the hand-over between threads is the
 * executor's own cost. {@code execute}: a plain
 * {@code Runnable} given to {@code ThreadPoolExecutor.execute}, wrapped when a span is current.
 * {@code submit}: a {@code FutureTask}, which remembers the context when made and attaches it when
 * run. {@code current}: no span (the cost every untraced task pays) or a sampled request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class TaskContextBenchmark {

  @Param({"none", "request"})
  public String current;

  private final Runnable task = () -> { };
  /** The queue of an {@code Executors.newFixedThreadPool}; only its type is looked at. */
  private final LinkedBlockingQueue<Runnable> workQueue = new LinkedBlockingQueue<Runnable>();
  private final Object futureTask = new Object();
  private AgentTelemetry telemetry;
  private TaskContextHook hook;
  private Object request;

  @Setup(Level.Trial)
  public void setUp() {
    telemetry = new AgentTelemetry(true);
    new ExecutorsInstrumentation().start(telemetry.telemetry);
    hook = Hooks.taskContext;
  }

  @Setup(Level.Iteration)
  public void enterRequest() {
    if (current.equals("request")) {
      request = AgentTelemetry.startRequest("GET", "/fanout");
    }
  }

  @TearDown(Level.Iteration)
  public void exitRequest() {
    AgentTelemetry.endRequest(request);
    request = null;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    Hooks.taskContext = TaskContextHook.NOOP;
    telemetry.close();
  }

  /** The queued task escapes into the black hole as it would into the executor's queue. */
  @Benchmark
  public void execute(Blackhole queue) {
    Runnable queued = hook.wrap(workQueue, task);
    queue.consume(queued);
    Object worker = hook.contextFree();
    queued.run();
    hook.detach(worker);
  }

  @Benchmark
  public void submit() {
    hook.capture(futureTask);
    Object worker = hook.contextFree();
    hook.detach(hook.attach(futureTask));
    hook.detach(worker);
  }
}

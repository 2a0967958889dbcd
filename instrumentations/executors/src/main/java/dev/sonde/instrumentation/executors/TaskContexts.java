package dev.sonde.instrumentation.executors;

import dev.sonde.bootstrap.Hooks;
import dev.sonde.bootstrap.TaskContextHook;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.metrics.Metrics;
import dev.sonde.instrumentation.api.cache.WeakKeyMap;
import dev.sonde.instrumentation.api.diagnostics.RateLimitedLog;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * The agent side of {@link TaskContextHook}: contexts remembered per task object, held until the
 * task runs (or, for a task that never runs, until it is garbage collected: keys are weak).
 *
 * <p>Only a context with a span travels. Untraced work costs a thread-local read on submit and,
 * while no traced task is waiting anywhere, an emptiness check on run.
 */
public final class TaskContexts implements TaskContextHook {

  /** Traced tasks waiting to run at once, at most; beyond it, tasks run without the context. */
  static final int MAX_WAITING = 100_000;

  /** The one instance: executors and threads hand contexts over through the same tasks. */
  public static final TaskContexts INSTANCE = new TaskContexts();

  private static final String SIGNALLER = "java.util.concurrent.CompletableFuture$Signaller";

  private static final RateLimitedLog FULL = new RateLimitedLog(1, TimeUnit.MINUTES);

  private final WeakKeyMap<Object, Context> waiting;

  /**
   * Puts the one instance in place and exposes {@code sonde_context_tasks_waiting}; both modules
   * call it, the first call does it.
   */
  static void start(Telemetry telemetry) {
    telemetry.metrics().shared("sonde_context_tasks_waiting", new Metrics.Factory<Object>() {
      @Override
      public Object create(Metrics metrics) {
        metrics.register(new Collector() {
          @Override
          public List<MetricFamilySamples> collect() {
            return Collections.<MetricFamilySamples>singletonList(new GaugeMetricFamily(
                "sonde_context_tasks_waiting", "Traced tasks remembered with their context and"
                + " not yet run (tasks that never run leave when collected).", INSTANCE.waiting()));
          }
        });
        return INSTANCE;
      }
    });
    Hooks.taskContext = INSTANCE;
  }

  private TaskContexts() {
    this(MAX_WAITING);
  }

  TaskContexts(int maxWaiting) {
    this.waiting = new WeakKeyMap<Object, Context>(maxWaiting);
  }

  @Override
  public void capture(Object task) {
    Context context = Context.current();
    if (!carriesSpan(context) || neverRunsAttached(task)) {
      return;
    }
    if (!waiting.put(task, context)) {
      FULL.warn("more than " + MAX_WAITING + " traced tasks are waiting to run: further tasks run"
          + " without their trace context");
    }
  }

  @Override
  public Object attach(Object task) {
    if (waiting.size() == 0) {
      return null;
    }
    Context context = waiting.remove(task);
    return context == null ? null : context.makeCurrent();
  }

  @Override
  public Object attachOwn(Object task) {
    Object scope = attach(task);
    if (scope == null && Context.current() != Context.root()) {
      return Context.root().makeCurrent();
    }
    return scope;
  }

  @Override
  public void detach(Object scope) {
    if (scope != null) {
      ((Scope) scope).close();
    }
  }

  @Override
  public Object contextFree() {
    return Context.current() == Context.root() ? null : Context.root().makeCurrent();
  }

  @Override
  public Runnable wrap(Collection<Runnable> queue, Runnable task) {
    if (task == null || task instanceof ContextRunnable || task instanceof FutureTask
        || task instanceof ForkJoinTask || !isFifo(queue)) {
      return task;
    }
    Context context = Context.current();
    return carriesSpan(context) ? new ContextRunnable(task, context) : task;
  }

  @Override
  public Runnable queuedForm(Collection<Runnable> queue, Runnable task) {
    if (task == null || task instanceof ContextRunnable) {
      return task;
    }
    for (Runnable queued : queue) {
      if (queued instanceof ContextRunnable && ((ContextRunnable) queued).task == task) {
        return queued;
      }
    }
    return task;
  }

  @Override
  public Runnable unwrap(Runnable task) {
    return task instanceof ContextRunnable ? ((ContextRunnable) task).task : task;
  }

  @Override
  public void unwrapAll(List<Runnable> tasks) {
    for (int i = 0; i < tasks.size(); i++) {
      Runnable task = tasks.get(i);
      if (task instanceof ContextRunnable) {
        tasks.set(i, ((ContextRunnable) task).task);
      }
    }
  }

  /** Tasks remembered and not yet run. */
  int waiting() {
    return waiting.size();
  }

  /**
   * Tasks whose run the advice never sees, so an entry would only wait for the garbage collector:
   * the {@code Signaller} a thread blocked in {@code CompletableFuture.get} waits with, and threads
   * of the JDK's own {@code Thread} subclasses ({@code Timer}'s, {@code HttpClient}'s, the
   * {@code ForkJoinPool}'s delay scheduler), whose {@code run()} is not instrumented.
   * ({@code CompletableFuture}'s stages that complete in the caller's thread still leave one until
   * they are collected: their constructor cannot tell them from the asynchronous ones.)
   */
  private static boolean neverRunsAttached(Object task) {
    Class<?> type = task.getClass();
    if (type.getClassLoader() != null || type == Thread.class) {
      return false;
    }
    return task instanceof Thread || type.getName().equals(SIGNALLER);
  }

  /** The JDK's queues that keep tasks in order without looking at them. */
  private static boolean isFifo(Collection<Runnable> queue) {
    Class<?> type = queue.getClass();
    return type == LinkedBlockingQueue.class || type == ArrayBlockingQueue.class
        || type == SynchronousQueue.class || type == LinkedTransferQueue.class
        || type == LinkedBlockingDeque.class;
  }

  private static boolean carriesSpan(Context context) {
    return context != Context.root() && Span.fromContext(context).getSpanContext().isValid();
  }
}

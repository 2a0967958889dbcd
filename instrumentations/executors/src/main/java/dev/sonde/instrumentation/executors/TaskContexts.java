package dev.sonde.instrumentation.executors;

import dev.sonde.bootstrap.TaskContextHook;
import dev.sonde.instrumentation.api.cache.WeakKeyMap;
import dev.sonde.instrumentation.api.log.RateLimitedLog;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ForkJoinTask;
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

  private static final RateLimitedLog FULL = new RateLimitedLog(1, TimeUnit.MINUTES);

  private final WeakKeyMap<Object, Context> waiting;

  private TaskContexts() {
    this(MAX_WAITING);
  }

  TaskContexts(int maxWaiting) {
    this.waiting = new WeakKeyMap<Object, Context>(maxWaiting);
  }

  @Override
  public void capture(Object task) {
    Context context = Context.current();
    if (carriesSpan(context) && !waiting.put(task, context)) {
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
  public Runnable wrap(Runnable task) {
    if (task == null || task instanceof ContextRunnable || task instanceof FutureTask
        || task instanceof ForkJoinTask) {
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

  /** Tasks remembered and not yet run (for tests). */
  int waiting() {
    return waiting.size();
  }

  private static boolean carriesSpan(Context context) {
    return context != Context.root() && Span.fromContext(context).getSpanContext().isValid();
  }
}

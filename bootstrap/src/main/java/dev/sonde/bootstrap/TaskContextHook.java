package dev.sonde.bootstrap;

import java.util.Collection;
import java.util.List;

/**
 * What the executor and thread advice asks the agent so that work handed to another thread runs
 * in the context (trace, span, request id) of the code that handed it over.
 *
 * <p>A task the JDK creates per submission ({@code FutureTask}, {@code ForkJoinTask}, a
 * {@code Thread}) has the submitting context remembered for it when it is created or started, and
 * made current while it runs. A plain {@code Runnable} given to {@code ThreadPoolExecutor.execute}
 * may be one shared instance (a non-capturing lambda) submitted from many requests at once, so it
 * is queued inside a wrapper that carries the context instead. Nothing is remembered when no span
 * is current: untraced work pays one thread-local read.
 */
public interface TaskContextHook {

  /** Remembers the context current on this thread for {@code task}, if a span is current. */
  void capture(Object task);

  /**
   * Makes the context remembered for {@code task} current on this thread and forgets it.
   *
   * @return what {@link #detach} needs, or {@code null} when nothing was remembered
   */
  Object attach(Object task);

  /**
   * Like {@link #attach}, but a task with nothing remembered runs with no context rather than the
   * current one: a thread waiting on a {@code ForkJoinPool} may help by running other callers'
   * tasks, which are not part of its request.
   */
  Object attachOwn(Object task);

  /** Restores what was current before {@link #attach} or {@link #contextFree}; null: nothing. */
  void detach(Object scope);

  /**
   * Makes no context current until {@link #detach}: a pool starting a worker thread, or scheduling
   * a periodic task, must not pass the caller's request on to everything that thread or task will
   * ever run.
   */
  Object contextFree();

  /**
   * The task to queue in {@code queue} instead of {@code task}: itself, or a wrapper carrying the
   * context (only into the JDK's first-in-first-out queues: a priority queue compares its tasks,
   * and the wrapper is not the application's type).
   */
  Runnable wrap(Collection<Runnable> queue, Runnable task);

  /**
   * What the queue holds for {@code task}: its wrapper when it was wrapped, so that
   * {@code ThreadPoolExecutor.remove(task)} still finds it; otherwise {@code task}.
   */
  Runnable queuedForm(Collection<Runnable> queue, Runnable task);

  /**
   * The application's task when {@code task} is a wrapper made by {@link #wrap}, else {@code task}:
   * what an executor's {@code beforeExecute}/{@code afterExecute} and its rejection handler are
   * given.
   */
  Runnable unwrap(Runnable task);

  /** Replaces the wrappers in {@code tasks} (what {@code shutdownNow} returns) by their tasks. */
  void unwrapAll(List<Runnable> tasks);

  /** Carries nothing; the hook in place until the agent has started. */
  TaskContextHook NOOP = new TaskContextHook() {
    @Override
    public void capture(Object task) {
    }

    @Override
    public Object attach(Object task) {
      return null;
    }

    @Override
    public Object attachOwn(Object task) {
      return null;
    }

    @Override
    public void detach(Object scope) {
    }

    @Override
    public Object contextFree() {
      return null;
    }

    @Override
    public Runnable wrap(Collection<Runnable> queue, Runnable task) {
      return task;
    }

    @Override
    public Runnable queuedForm(Collection<Runnable> queue, Runnable task) {
      return task;
    }

    @Override
    public Runnable unwrap(Runnable task) {
      return task;
    }

    @Override
    public void unwrapAll(List<Runnable> tasks) {
    }
  };
}

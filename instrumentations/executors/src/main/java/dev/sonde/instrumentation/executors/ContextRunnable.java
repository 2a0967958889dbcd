package dev.sonde.instrumentation.executors;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * A plain task queued with the context it was executed in. A wrapper rather than an entry keyed by
 * the task: one {@code Runnable} instance (a non-capturing lambda, a shared field) may be queued
 * from several requests at once, and each run must get its own request's context.
 */
final class ContextRunnable implements Runnable {

  final Runnable task;
  private final Context context;

  ContextRunnable(Runnable task, Context context) {
    this.task = task;
    this.context = context;
  }

  @Override
  public void run() {
    Scope scope = context.makeCurrent();
    try {
      task.run();
    } finally {
      scope.close();
    }
  }

  /** Thread dumps and the application's own logs of its queue show its task. */
  @Override
  public String toString() {
    return task.toString();
  }
}

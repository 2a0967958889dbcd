package dev.sonde.agent.trace;

import dev.sonde.bootstrap.ThreadState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;
import java.util.function.Function;

/**
 * The agent's current {@link Context}, kept in the thread's {@link ThreadState} instead of a
 * thread local of its own (the SDK's default storage): one thread-local entry per thread for the
 * whole agent. A scope keeps the state it changed, so closing it costs no lookup.
 *
 * <p>Semantics as the default storage's: attaching the context already current changes nothing;
 * a scope closed out of order, twice, or on another thread is ignored.
 */
public final class ThreadStateContextStorage implements ContextStorage {

  static final ThreadStateContextStorage INSTANCE = new ThreadStateContextStorage();

  private ThreadStateContextStorage() {}

  /**
   * Makes this the storage of every {@code Context} of the agent. Only before the first use of
   * {@code Context}: OpenTelemetry fixes its storage then, and ignores this afterwards.
   *
   * @return whether it took effect
   */
  public static boolean install() {
    ContextStorage.addWrapper(new Function<ContextStorage, ContextStorage>() {
      @Override
      public ContextStorage apply(ContextStorage ignored) {
        return INSTANCE;
      }
    });
    return ContextStorage.get() == INSTANCE;
  }

  @Override
  public Scope attach(Context toAttach) {
    if (toAttach == null) {
      return Scope.noop();
    }
    ThreadState state = ThreadState.current();
    Object before = state.context;
    if (before == toAttach) {
      return Scope.noop();
    }
    state.context = toAttach;
    return new StateScope(state, before, toAttach);
  }

  @Override
  public Context current() {
    return (Context) ThreadState.current().context;
  }

  private static final class StateScope implements Scope {
    private final ThreadState state;
    private final Object before;
    private final Context attached;
    private boolean closed;

    StateScope(ThreadState state, Object before, Context attached) {
      this.state = state;
      this.before = before;
      this.attached = attached;
    }

    @Override
    public void close() {
      if (!closed && state.context == attached && state.owner == Thread.currentThread()) {
        closed = true;
        state.context = before;
      }
    }
  }
}

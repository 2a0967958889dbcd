package dev.sonde.bootstrap;

/**
 * Everything the agent keeps per thread, behind a single thread local.
 *
 * <p>A thread's thread-local map is an open-addressing table: every entry the agent adds to an
 * application thread makes some lookups on it, the application's own included, miss their first
 * slot and probe on. On Tomcat's request threads, which carry many entries already, a profile
 * found the agent's four thread locals (context, call depths, span encoder, type walk) costing
 * about 2 µs per request in probes, where the same threads without the agent never missed. So
 * the agent has one entry per thread, this object, and each of its parts is a field.
 *
 * <p>The agent's own types (its relocated OpenTelemetry {@code Context}, its span encoder) are
 * invisible from the bootstrap class path, so those fields are typed {@code Object}; each is
 * read and written only by the one agent class that owns it.
 */
public final class ThreadState {

  private static final ThreadLocal<ThreadState> CURRENT = new ThreadLocal<ThreadState>() {
    @Override
    protected ThreadState initialValue() {
      return new ThreadState(Thread.currentThread());
    }
  };

  /** The thread this state belongs to: a scope closed on another thread must not change it. */
  public final Thread owner;

  /** {@link CallDepth}'s depths, a slot per kind. */
  final int[] depths = new int[CallDepth.CAPACITY];

  /** The agent's current OpenTelemetry {@code Context}, or null for the root: its context storage's. */
  public Object context;

  /**
   * The type matchers' last walk of a class's super types: every module's matcher asks about
   * the class being loaded in a row, on the thread loading it.
   */
  public Object lastTypeWalk;

  /** Container requests this thread is inside (the HTTP server recorder's). */
  public int containerRequests;

  /**
   * The scope of a failed request kept open until its container request ends, or null (the HTTP
   * server recorder's).
   */
  public Object lingeringScope;

  /**
   * The outgoing HTTP request this thread is sending, between the client's outermost call and
   * the client's own stage that sends it, or null: a client module's object, read back only by
   * that module (with {@code instanceof}). The HTTP client call depth lets one client call per
   * thread record at a time, so one field serves every client.
   */
  public Object httpClientSending;

  /** The carrier HTTP server advice fills, made on the thread's first request. */
  HttpServerRequest httpServerRequest;

  private ThreadState(Thread owner) {
    this.owner = owner;
  }

  /** The calling thread's state: one thread-local lookup. */
  public static ThreadState current() {
    return CURRENT.get();
  }
}

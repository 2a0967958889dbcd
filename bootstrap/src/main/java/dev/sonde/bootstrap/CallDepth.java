package dev.sonde.bootstrap;

/**
 * Counts, per thread, how deep the current call is nested inside instrumented methods of one
 * kind, so that layered calls (a filter chain calling the next filter, a wrapper calling the
 * wrapped driver) are recorded once, by the outermost layer.
 *
 * <p>Use: the enter advice takes the thread's depths once and keeps them in an advice local for
 * the exit advice, so a call costs one thread-local lookup, not two:
 *
 * <pre>{@code
 * depths = CallDepth.ofThread();
 * if (CallDepth.JDBC_STATEMENT.enter(depths) == 0) record...
 * ...
 * CallDepth.JDBC_STATEMENT.exit(depths); // on every exit, thrown or not
 * }</pre>
 *
 * <p>Every kind has a slot in one array, part of the agent's one thread-local entry
 * ({@link ThreadState}): each entry the agent added to an application thread's thread-local map
 * would lengthen the probes of every lookup on that thread, the application's too.
 */
public final class CallDepth {

  /** Nesting of JDK {@code HttpServer} filter chains. */
  public static final CallDepth JDK_HTTP_SERVER = new CallDepth(0);

  /** Nesting of JDBC statement executions: a pool's proxy statement calling the driver's. */
  public static final CallDepth JDBC_STATEMENT = new CallDepth(1);

  /** Nesting of {@code prepareStatement}/{@code prepareCall}: a pool's proxy calling the driver. */
  public static final CallDepth JDBC_PREPARE = new CallDepth(2);

  /** Nesting of {@code getConnection}: a DataSource wrapping another, or the DriverManager. */
  public static final CallDepth JDBC_CONNECTION = new CallDepth(3);

  /** Nesting of RabbitMQ {@code Consumer.handleDelivery}: a consumer delegating to another. */
  public static final CallDepth RABBITMQ_DELIVERY = new CallDepth(4);

  /**
   * Nesting of outgoing HTTP client calls: {@code getResponseCode} calling
   * {@code getInputStream}, a client built on another. The agent's export thread enters it once
   * and never leaves, so its own requests are never recorded.
   */
  public static final CallDepth HTTP_CLIENT = new CallDepth(5);

  static final int KINDS = 6;

  private final int slot;

  private CallDepth(int slot) {
    this.slot = slot;
  }

  /** The calling thread's depths of every kind, to pass to {@link #enter} and {@link #exit}. */
  public static int[] ofThread() {
    return ThreadState.current().depths;
  }

  /**
   * @param depths the calling thread's, from {@link #ofThread}
   * @return the depth before this call: 0 for the outermost one
   */
  public int enter(int[] depths) {
    return depths[slot]++;
  }

  /**
   * @param depths the same as given to {@link #enter}
   * @return the depth after this call: 0 when the outermost call has exited
   */
  public int exit(int[] depths) {
    int depth = depths[slot];
    if (depth > 0) {
      depths[slot] = --depth;
    }
    return depth;
  }
}

package dev.sonde.bootstrap;

/**
 * Counts, per thread, how deep the current call is nested inside instrumented methods of one
 * kind, so that layered calls (a filter chain calling the next filter, a wrapper calling the
 * wrapped driver) are recorded once, by the outermost layer.
 *
 * <p>Use: {@code if (depth.enter() == 0) record...} on entry and {@code depth.exit()} on every
 * exit, thrown or not.
 */
public final class CallDepth {

  /** Nesting of JDK {@code HttpServer} filter chains. */
  public static final CallDepth JDK_HTTP_SERVER = new CallDepth();

  /** Nesting of JDBC statement executions: a pool's proxy statement calling the driver's. */
  public static final CallDepth JDBC_STATEMENT = new CallDepth();

  /** Nesting of {@code prepareStatement}/{@code prepareCall}: a pool's proxy calling the driver. */
  public static final CallDepth JDBC_PREPARE = new CallDepth();

  /** Nesting of {@code getConnection}: a DataSource wrapping another, or the DriverManager. */
  public static final CallDepth JDBC_CONNECTION = new CallDepth();

  /** Nesting of RabbitMQ {@code Consumer.handleDelivery}: a consumer delegating to another. */
  public static final CallDepth RABBITMQ_DELIVERY = new CallDepth();

  private final ThreadLocal<int[]> depth = new ThreadLocal<int[]>() {
    @Override
    protected int[] initialValue() {
      return new int[1];
    }
  };

  /** @return the depth before this call: 0 for the outermost one */
  public int enter() {
    return depth.get()[0]++;
  }

  /** @return the depth after this call: 0 when the outermost call has exited */
  public int exit() {
    int[] d = depth.get();
    return d[0] > 0 ? --d[0] : 0;
  }
}

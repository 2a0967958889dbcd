package dev.sonde.smoke.apps.fanout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Work a request hands to other threads, each way applications do it, written as if the agent did
 * not exist. Each {@link Hop} logs {@code "fanout <hop> <id>"} through the application's logger on
 * the thread that does the work, then counts the rows of its own table ({@code hop_<hop>}) in an
 * in-memory H2 database.
 *
 * <p>The executor is a one-thread pool and the {@code ForkJoinPool} is small, so the work of
 * {@link #untraced} runs on the very threads that ran traced work before.
 */
public final class FanOut implements AutoCloseable {

  /** The ways work leaves the request thread, in the order {@link #fanOut} uses them. */
  public enum Hop {
    /** {@code ExecutorService.submit(Callable)}: a {@code FutureTask}. */
    EXECUTOR_SUBMIT,
    /** {@code Executor.execute(Runnable)} with one shared, non-capturing task. */
    EXECUTOR_EXECUTE,
    /** {@code ScheduledExecutorService.schedule}. */
    SCHEDULE,
    /** {@code CompletableFuture.supplyAsync(supplier, executor)}. */
    SUPPLY_ASYNC,
    /** {@code .thenApplyAsync(fn, forkJoinPool)} after it. */
    THEN_APPLY_ASYNC,
    /** {@code CompletableFuture.runAsync(runnable)}: the JDK's default async pool. */
    RUN_ASYNC,
    /** {@code ForkJoinPool.submit(Callable)}. */
    FORK_JOIN_SUBMIT,
    /** {@code new Thread(runnable).start()}. */
    THREAD,
    /** A {@code Thread} subclass overriding {@code run()}. */
    THREAD_SUBCLASS;

    /** {@code executor-submit}, as in log messages. */
    public String label() {
      return name().toLowerCase().replace('_', '-');
    }

    /** {@code hop_executor_submit}. */
    public String table() {
      return "hop_" + name().toLowerCase();
    }
  }

  /** The tables of the untraced work. */
  public static final String UNTRACED_EXECUTOR = "untraced-executor";
  public static final String UNTRACED_FORK_JOIN = "untraced-fork-join";

  private static final String URL = "jdbc:h2:mem:fanout;DB_CLOSE_DELAY=-1";

  private final Consumer<String> log;
  private final ExecutorService executor = Executors.newFixedThreadPool(1);
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final ForkJoinPool forkJoin = new ForkJoinPool(2);
  /** Requests for untraced work, taken by a thread started before any request. */
  private final BlockingQueue<Job> untracedJobs = new LinkedBlockingQueue<>();
  private final Thread dispatcher;
  /** The one shared task {@link Hop#EXECUTOR_EXECUTE} executes: it reads the id from here. */
  private volatile String executeId;
  private volatile CountDownLatch executeDone;
  private final Runnable sharedTask = () -> {
    work(Hop.EXECUTOR_EXECUTE.label(), Hop.EXECUTOR_EXECUTE.table(), executeId);
    executeDone.countDown();
  };

  /** Creates the tables (outside any request) and starts the untraced dispatcher. */
  public FanOut(Consumer<String> log) throws SQLException {
    this.log = log;
    try (Connection connection = DriverManager.getConnection(URL);
        Statement statement = connection.createStatement()) {
      for (Hop hop : Hop.values()) {
        statement.execute("CREATE TABLE IF NOT EXISTS " + hop.table() + " (id INT)");
      }
      statement.execute("CREATE TABLE IF NOT EXISTS " + table(UNTRACED_EXECUTOR) + " (id INT)");
      statement.execute("CREATE TABLE IF NOT EXISTS " + table(UNTRACED_FORK_JOIN) + " (id INT)");
    }
    dispatcher = new Thread(this::dispatchUntraced, "untraced-dispatcher");
    dispatcher.setDaemon(true);
    dispatcher.start();
  }

  /** Every {@link Hop}, one after the other; returns when all of them are done. */
  public synchronized void fanOut(String id) throws Exception {
    executor.submit(() -> work(Hop.EXECUTOR_SUBMIT, id)).get(10, TimeUnit.SECONDS);

    executeId = id;
    executeDone = new CountDownLatch(1);
    executor.execute(sharedTask);
    executeDone.await(10, TimeUnit.SECONDS);

    scheduler.schedule(() -> work(Hop.SCHEDULE, id), 10, TimeUnit.MILLISECONDS)
        .get(10, TimeUnit.SECONDS);

    CompletableFuture.supplyAsync(() -> work(Hop.SUPPLY_ASYNC, id), executor)
        .thenApplyAsync(previous -> work(Hop.THEN_APPLY_ASYNC, id), forkJoin)
        .get(10, TimeUnit.SECONDS);

    CompletableFuture.runAsync(() -> work(Hop.RUN_ASYNC, id)).get(10, TimeUnit.SECONDS);

    forkJoin.submit(() -> work(Hop.FORK_JOIN_SUBMIT, id)).get(10, TimeUnit.SECONDS);

    Thread thread = new Thread(() -> work(Hop.THREAD, id), "fanout-thread");
    thread.start();
    thread.join(10_000);

    Thread subclass = new Thread("fanout-thread-subclass") {
      @Override
      public void run() {
        work(Hop.THREAD_SUBCLASS, id);
      }
    };
    subclass.start();
    subclass.join(10_000);
  }

  /**
   * Has the dispatcher thread, which no request ever touched, run one task on the executor and one
   * on the {@code ForkJoinPool}; returns when both are done.
   */
  public void untraced(String id) throws Exception {
    Job job = new Job(id);
    untracedJobs.put(job);
    if (!job.done.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("untraced work for " + id + " did not finish");
    }
  }

  private void dispatchUntraced() {
    while (true) {
      try {
        Job job = untracedJobs.take();
        executor.submit(() -> work(UNTRACED_EXECUTOR, table(UNTRACED_EXECUTOR), job.id)).get();
        forkJoin.submit(() -> work(UNTRACED_FORK_JOIN, table(UNTRACED_FORK_JOIN), job.id)).get();
        job.done.countDown();
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        log.accept("untraced work failed: " + e);
      }
    }
  }

  private String work(Hop hop, String id) {
    return work(hop.label(), hop.table(), id);
  }

  private String work(String label, String table, String id) {
    log.accept("fanout " + label + " " + id);
    try (Connection connection = DriverManager.getConnection(URL);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rows.next();
      return label + ":" + rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String table(String label) {
    return "hop_" + label.replace('-', '_');
  }

  @Override
  public void close() {
    dispatcher.interrupt();
    executor.shutdownNow();
    scheduler.shutdownNow();
    forkJoin.shutdownNow();
  }

  /** One request for untraced work. */
  private static final class Job {
    final String id;
    final CountDownLatch done = new CountDownLatch(1);

    Job(String id) {
      this.id = id;
    }
  }
}

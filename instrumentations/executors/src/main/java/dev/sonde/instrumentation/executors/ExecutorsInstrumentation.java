package dev.sonde.instrumentation.executors;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sonde.instrumentation.api.InstrumentationModule;
import dev.sonde.instrumentation.api.LibraryShape;
import dev.sonde.instrumentation.api.SuperTypes;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.TypeInstrumentation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The JDK's executors: work submitted while a span is current runs in that span's context, so a
 * query made in a worker is a child of the request and the worker's log lines carry its trace id.
 *
 * <ul>
 *   <li>{@code FutureTask} (every {@code submit}, {@code invokeAll}, {@code schedule}) and
 *       {@code ForkJoinTask} (every {@code ForkJoinPool} task, {@code CompletableFuture}'s async
 *       stages) remember the context when they are made and attach it when they run.
 *   <li>{@code ThreadPoolExecutor.execute} queues a plain task inside a wrapper that carries the
 *       context; {@code remove}, {@code shutdownNow} and the executor's own
 *       {@code beforeExecute}/{@code afterExecute} and its rejection handler still see the
 *       application's task. Not into a priority queue: it compares its tasks.
 *   <li>Periodic tasks ({@code scheduleAtFixedRate}, {@code scheduleWithFixedDelay}) run outside
 *       any request: one request must not parent every run for the life of the application.
 * </ul>
 */
public final class ExecutorsInstrumentation implements InstrumentationModule {

  private static final String FUTURE_TASK = "java.util.concurrent.FutureTask";
  private static final String FORK_JOIN_TASK = "java.util.concurrent.ForkJoinTask";
  static final String THREAD_POOL_EXECUTOR = "java.util.concurrent.ThreadPoolExecutor";
  static final String FORK_JOIN_POOL = "java.util.concurrent.ForkJoinPool";
  private static final String SCHEDULED_EXECUTOR =
      "java.util.concurrent.ScheduledThreadPoolExecutor";
  /** {@code CompletableFuture}'s tasks, run by {@code run()} when the executor is not a pool. */
  private static final String[] COMPLETABLE_FUTURE_TASKS = {
      "java.util.concurrent.CompletableFuture$AsyncSupply",
      "java.util.concurrent.CompletableFuture$AsyncRun",
      "java.util.concurrent.CompletableFuture$Completion"};

  /** The application's executors; one instance for both advice, so one type match per class. */
  private static final ElementMatcher<TypeDescription> EXECUTOR_SUBCLASS =
      SuperTypes.extending(THREAD_POOL_EXECUTOR).except(THREAD_POOL_EXECUTOR);

  @Override
  public String name() {
    return "executors";
  }

  @Override
  public LibraryShape shape() {
    return LibraryShape.requires(FUTURE_TASK, "run")
        .and(FORK_JOIN_TASK, "doExec")
        .and(THREAD_POOL_EXECUTOR, "execute", "remove", "shutdownNow")
        .and(SCHEDULED_EXECUTOR, "scheduleAtFixedRate", "scheduleWithFixedDelay");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        TypeInstrumentation.of(namedOneOf(FUTURE_TASK, FORK_JOIN_TASK), isConstructor(),
            CaptureOnCreateAdvice.class),
        TypeInstrumentation.of(named(FUTURE_TASK), named("run").and(takesArguments(0)),
            AttachAdvice.class),
        TypeInstrumentation.of(named(FORK_JOIN_TASK), named("doExec").and(takesArguments(0)),
            ForkJoinAttachAdvice.class),
        TypeInstrumentation.of(namedOneOf(COMPLETABLE_FUTURE_TASKS),
            named("run").and(takesArguments(0)), AttachAdvice.class),
        TypeInstrumentation.of(named(THREAD_POOL_EXECUTOR),
            named("execute").and(takesArguments(Runnable.class)), WrapAdvice.class),
        TypeInstrumentation.of(named(THREAD_POOL_EXECUTOR),
            named("remove").and(takesArguments(Runnable.class)), RemoveAdvice.class),
        TypeInstrumentation.of(named(THREAD_POOL_EXECUTOR),
            named("shutdownNow").and(takesArguments(0)), ShutdownNowAdvice.class),
        TypeInstrumentation.of(named(THREAD_POOL_EXECUTOR),
            named("reject").and(takesArguments(Runnable.class)), UnwrapTaskAdvice.class),
        // ForkJoinPool schedules too from JDK 19.
        TypeInstrumentation.of(namedOneOf(SCHEDULED_EXECUTOR, FORK_JOIN_POOL),
            namedOneOf("scheduleAtFixedRate", "scheduleWithFixedDelay"), ContextFreeAdvice.class),
        // The application's own executors: their hooks see the application's task.
        TypeInstrumentation.of(EXECUTOR_SUBCLASS,
            named("beforeExecute").and(takesArguments(2)).and(takesArgument(1, Runnable.class)),
            BeforeExecuteAdvice.class),
        TypeInstrumentation.of(EXECUTOR_SUBCLASS,
            named("afterExecute").and(takesArguments(2)).and(takesArgument(0, Runnable.class)),
            UnwrapTaskAdvice.class));
  }

  @Override
  public List<String> jdkClasses() {
    List<String> classes = new ArrayList<String>(Arrays.asList(
        FUTURE_TASK, FORK_JOIN_TASK, THREAD_POOL_EXECUTOR, SCHEDULED_EXECUTOR, FORK_JOIN_POOL));
    classes.addAll(Arrays.asList(COMPLETABLE_FUTURE_TASKS));
    return classes;
  }

  @Override
  public void start(Telemetry telemetry) {
    TaskContexts.start(telemetry);
  }

}

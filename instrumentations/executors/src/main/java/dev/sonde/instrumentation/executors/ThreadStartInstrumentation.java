package dev.sonde.instrumentation.executors;

import static dev.sonde.instrumentation.executors.ExecutorsInstrumentation.FORK_JOIN_POOL;
import static dev.sonde.instrumentation.executors.ExecutorsInstrumentation.THREAD_POOL_EXECUTOR;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sonde.instrumentation.api.InstrumentationModule;
import dev.sonde.instrumentation.api.LibraryShape;
import dev.sonde.instrumentation.api.SuperTypes;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * Threads: a thread started while a span is current runs in that span's context, whether it was
 * given a {@code Runnable} or overrides {@code run()}.
 *
 * <p>The trap is a pool that starts a worker thread while a request happens to submit to it: that
 * thread would run every later task in the request's context. The pools' thread-starting methods
 * therefore run context-free: the JDK's {@code ThreadPoolExecutor} and {@code ForkJoinPool},
 * Tomcat's and Jetty's pools, Netty's event loops and amqp-client's connection thread. (The JDK's own {@code Thread} subclasses, such as
 * {@code ForkJoinWorkerThread} and virtual threads, are left alone.)
 */
public final class ThreadStartInstrumentation implements InstrumentationModule {

  private static final String THREAD = "java.lang.Thread";
  /**
   * Libraries that start long-lived threads on demand, from whatever thread happens to need one:
   * Tomcat's and Jetty's pools, Netty's event loops (Lettuce), amqp-client's connection thread.
   */
  private static final String[] LIBRARY_THREAD_STARTERS = {
      "org.apache.tomcat.util.threads.ThreadPoolExecutor",
      "org.eclipse.jetty.util.thread.QueuedThreadPool",
      "io.netty.util.concurrent.SingleThreadEventExecutor",
      "com.rabbitmq.client.impl.AMQConnection"};

  @Override
  public String name() {
    return "thread-start";
  }

  @Override
  public LibraryShape shape() {
    return LibraryShape.requires(THREAD, "start", "run");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        TypeInstrumentation.of(named(THREAD), named("start"), CaptureOnStartAdvice.class),
        // Thread itself and the application's subclasses that override run().
        TypeInstrumentation.of(SuperTypes.extending(THREAD), named("run").and(takesArguments(0)),
            AttachAdvice.class),
        TypeInstrumentation.of(named(THREAD_POOL_EXECUTOR), named("addWorker"),
            ContextFreeAdvice.class),
        TypeInstrumentation.of(named(FORK_JOIN_POOL), named("createWorker"),
            ContextFreeAdvice.class),
        TypeInstrumentation.of(namedOneOf(LIBRARY_THREAD_STARTERS),
            namedOneOf("addWorker", "startThread", "startThreads", "doStartThread",
                "startMainLoop"), ContextFreeAdvice.class),
        // Netty's executor that starts a thread per task: the event loops' default.
        TypeInstrumentation.of(named("io.netty.util.concurrent.ThreadPerTaskExecutor"),
            named("execute"), ContextFreeAdvice.class));
  }

  @Override
  public List<String> jdkClasses() {
    return Arrays.asList(THREAD, THREAD_POOL_EXECUTOR, FORK_JOIN_POOL);
  }

  @Override
  public void start(Telemetry telemetry) {
    TaskContexts.start(telemetry);
  }
}

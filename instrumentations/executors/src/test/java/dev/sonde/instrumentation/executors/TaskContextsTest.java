package dev.sonde.instrumentation.executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the executor and thread advice does with a task, called here as the advice calls it: the
 * context of the submitting request, and nothing else, is current while the task runs.
 */
class TaskContextsTest {

  private static final LinkedBlockingQueue<Runnable> FIFO = new LinkedBlockingQueue<>();

  private final TaskContexts contexts = new TaskContexts(1000);
  private final Tracer tracer = SdkTracerProvider.builder()
      .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create())).build()
      .get("test");
  private final Span request = tracer.spanBuilder("GET /fanout").startSpan();

  @AfterEach
  void endTheRequest() {
    request.end();
  }

  /** Runs {@code body} with the request's span current, as a request thread would. */
  private void duringTheRequest(Runnable body) {
    try (Scope ignored = request.makeCurrent()) {
      body.run();
    }
  }

  /** The span current while {@code task} runs the way the attach advice runs it. */
  private Span spanWhileRunning(Object task) {
    Object scope = contexts.attach(task);
    try {
      return Span.current();
    } finally {
      contexts.detach(scope);
    }
  }

  @Test
  void aTaskMadeDuringARequestRunsInTheRequestsContextThenLeavesNothingBehind() {
    Object task = new Object();
    duringTheRequest(() -> contexts.capture(task));

    assertThat(spanWhileRunning(task)).isSameAs(request);
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
    assertThat(contexts.waiting()).isZero();
  }

  @Test
  void aTaskMadeOutsideAnyRequestRunsWithoutAContextAndIsNotRemembered() {
    Object task = new Object();
    contexts.capture(task);

    assertThat(contexts.waiting()).isZero();
    assertThat(spanWhileRunning(task).getSpanContext().isValid()).isFalse();
  }

  @Test
  void aTaskRunsInItsContextOnceTheSecondRunIsUntraced() {
    Object task = new Object();
    duringTheRequest(() -> contexts.capture(task));

    assertThat(spanWhileRunning(task)).isSameAs(request);
    assertThat(spanWhileRunning(task).getSpanContext().isValid()).isFalse();
  }

  @Test
  void manyTasksRunLeaveNoEntryBehind() {
    List<Object> tasks = new ArrayList<>();
    duringTheRequest(() -> {
      for (int i = 0; i < 500; i++) {
        Object task = new Object();
        tasks.add(task);
        contexts.capture(task);
      }
    });
    assertThat(contexts.waiting()).isEqualTo(500);

    tasks.forEach(task -> assertThat(spanWhileRunning(task)).isSameAs(request));

    assertThat(contexts.waiting()).isZero();
  }

  @Test
  void tasksThatNeverRunAreForgottenOnceCollected() {
    duringTheRequest(() -> {
      for (int i = 0; i < 500; i++) {
        contexts.capture(new Object());
      }
    });
    assertThat(contexts.waiting()).isEqualTo(500);

    await("the never-run tasks' entries purged").atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20)).until(() -> {
          System.gc();
          // A capture purges the entries of collected tasks; the probe's own is then run.
          Object probe = new Object();
          duringTheRequest(() -> contexts.capture(probe));
          contexts.detach(contexts.attach(probe));
          return contexts.waiting() == 0;
        });
  }

  @Test
  void beyondItsBoundTasksRunWithoutTheContextAndNothingGrows() {
    TaskContexts small = new TaskContexts(10);
    List<Object> tasks = new ArrayList<>();
    duringTheRequest(() -> {
      for (int i = 0; i < 20; i++) {
        Object task = new Object();
        tasks.add(task);
        small.capture(task);
      }
    });

    assertThat(small.waiting()).isEqualTo(10);
  }

  @Test
  void aPlainTaskIsWrappedOnlyWhenASpanIsCurrent() {
    Runnable task = () -> { };
    assertThat(contexts.wrap(FIFO, task)).isSameAs(task);

    AtomicReference<Runnable> wrapped = new AtomicReference<>();
    duringTheRequest(() -> wrapped.set(contexts.wrap(FIFO, task)));

    assertThat(wrapped.get()).isNotSameAs(task);
    assertThat(contexts.unwrap(wrapped.get())).isSameAs(task);
  }

  @Test
  void oneSharedTaskQueuedFromTwoRequestsRunsInEachRequestsOwnContext() {
    Span other = tracer.spanBuilder("GET /other").startSpan();
    AtomicReference<Span> seen = new AtomicReference<>();
    Runnable shared = () -> seen.set(Span.current());
    AtomicReference<Runnable> fromRequest = new AtomicReference<>();
    duringTheRequest(() -> fromRequest.set(contexts.wrap(FIFO, shared)));
    Runnable fromOther;
    try (Scope ignored = other.makeCurrent()) {
      fromOther = contexts.wrap(FIFO, shared);
    }

    fromOther.run();
    assertThat(seen.get()).isSameAs(other);
    fromRequest.get().run();
    assertThat(seen.get()).isSameAs(request);
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
    other.end();
  }

  @Test
  void tasksThatCarryTheirOwnContextAreNotWrapped() {
    FutureTask<String> future = new FutureTask<>(() -> "done");
    AtomicReference<Runnable> queued = new AtomicReference<>();

    duringTheRequest(() -> queued.set(contexts.wrap(FIFO, future)));

    assertThat(queued.get()).isSameAs(future);
  }

  @Test
  void removeFindsTheWrapperAndShutdownNowReturnsTheApplicationsTasks() {
    Runnable mine = () -> { };
    Runnable untraced = () -> { };
    LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    duringTheRequest(() -> queue.add(contexts.wrap(FIFO, mine)));
    queue.add(untraced);

    Runnable queuedForm = contexts.queuedForm(queue, mine);
    assertThat(queuedForm).isNotSameAs(mine).isIn(queue);
    assertThat(contexts.queuedForm(queue, untraced)).isSameAs(untraced);

    List<Runnable> drained = new ArrayList<>(queue);
    contexts.unwrapAll(drained);
    assertThat(drained).containsExactly(mine, untraced);
  }

  @Test
  void aTaskBoundForAPriorityQueueIsNeverWrappedTheQueueComparesItsTasks() {
    Runnable task = () -> { };
    AtomicReference<Runnable> queued = new AtomicReference<>();

    duringTheRequest(() -> queued.set(contexts.wrap(new PriorityBlockingQueue<>(), task)));

    assertThat(queued.get()).isSameAs(task);
  }

  @Test
  void aForkJoinTaskWithNothingRememberedRunsWithNoContextNotTheHelpingThreads() {
    Object someoneElsesTask = new Object();
    duringTheRequest(() -> {
      Object scope = contexts.attachOwn(someoneElsesTask);
      try {
        assertThat(Context.current()).isSameAs(Context.root());
      } finally {
        contexts.detach(scope);
      }
      assertThat(Span.current()).isSameAs(request);
    });
  }

  @Test
  void threadsOfTheJdksOwnSubclassesAreNotRememberedTheirRunIsNotInstrumented() {
    // A ForkJoinWorkerThread, made but never started.
    Thread jdkSubclass =
        ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(new ForkJoinPool(1));
    Thread plain = new Thread(() -> { });
    Thread applications = new Thread() { };

    duringTheRequest(() -> {
      contexts.capture(jdkSubclass);
      contexts.capture(plain);
      contexts.capture(applications);
    });

    assertThat(contexts.waiting()).isEqualTo(2);
    assertThat(spanWhileRunning(plain)).isSameAs(request);
    assertThat(spanWhileRunning(applications)).isSameAs(request);
  }

  @Test
  void poolPlumbingRunsWithNoContextAndRestoresTheRequestsAfter() {
    duringTheRequest(() -> {
      Object scope = contexts.contextFree();
      try {
        assertThat(Context.current()).isSameAs(Context.root());
      } finally {
        contexts.detach(scope);
      }
      assertThat(Span.current()).isSameAs(request);
    });
  }
}

package dev.sonde.agent.trace;

import dev.sonde.agent.export.ExportFailure;
import dev.sonde.agent.export.ExportStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.agent.otlp.SpanRequestEncoder;
import dev.sonde.instrumentation.api.metrics.StripedCounter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.prometheus.client.CollectorRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpanQueueTest {

  private final CollectorRegistry registry = new CollectorRegistry(true);
  private final StripedCounter.Child dropped =
      StripedCounter.build("dropped", "d").register(registry).labels();
  private final StripedCounter.Child failures =
      StripedCounter.build("failures", "f").register(registry).labels();
  private final ExportStatus status = new ExportStatus();
  private CompactTracer tracer;

  /** An exporter that records what it is given, after an optional gate opens. */
  static final class GatedExporter implements SpanExporter {
    final List<SpanData> exported = new CopyOnWriteArrayList<>();
    final CountDownLatch gate;
    final boolean succeed;

    GatedExporter(CountDownLatch gate, boolean succeed) {
      this.gate = gate;
      this.succeed = succeed;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      try {
        gate.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (!succeed) {
        return CompletableResultCode.ofFailure();
      }
      exported.addAll(spans);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  private Tracer tracer(SpanExporter exporter, int capacity) {
    tracer = new CompactTracer(Resource.empty(), InstrumentationScopeInfo.create("test"), 1.0,
        new SpanQueue<>(new SdkSpanExport(exporter, 5000), capacity, 16, 20, 5000, dropped, failures, status));
    return tracer;
  }

  @AfterEach
  void shutdown() {
    tracer.shutdown();
  }

  @Test
  void endedSpansAreExportedInTheBackground() throws Exception {
    GatedExporter exporter = new GatedExporter(new CountDownLatch(0), true);
    Tracer tracer = tracer(exporter, 64);
    for (int i = 0; i < 40; i++) {
      tracer.spanBuilder("s" + i).startSpan().end();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (exporter.exported.size() < 40 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(exporter.exported).hasSize(40);
    assertThat(dropped.get()).isZero();
    assertThat(status.sinceLastSuccessNanos(System.nanoTime())).isNotNegative();
    assertThat(status.sinceLastFailureNanos(System.nanoTime())).isEqualTo(-1);
    assertThat(status.consecutiveFailures()).isZero();
  }

  @Test
  void whenTheQueueIsFullSpansAreDroppedAndCountedWithoutBlocking() {
    CountDownLatch gate = new CountDownLatch(1);
    Tracer tracer = tracer(new GatedExporter(gate, true), 16);
    // The export thread is stuck on the gate: the queue fills, later spans are dropped at once.
    for (int i = 0; i < 200; i++) {
      tracer.spanBuilder("s").startSpan().end();
    }
    assertThat(dropped.get()).isGreaterThanOrEqualTo(200 - 16 - 16);
    gate.countDown();
  }

  @Test
  void aFailedExportCountsOneFailureAndDropsItsSpans() {
    GatedExporter exporter = new GatedExporter(new CountDownLatch(0), false);
    Tracer tracer = tracer(exporter, 64);
    for (int i = 0; i < 5; i++) {
      tracer.spanBuilder("s").startSpan().end();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (dropped.get() < 5 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(dropped.get()).isEqualTo(5);
    assertThat(failures.get()).isGreaterThanOrEqualTo(1);
    assertThat(status.consecutiveFailures()).isEqualTo((int) failures.get());
    assertThat(status.sinceLastFailureNanos(System.nanoTime())).isNotNegative();
    assertThat(status.sinceLastSuccessNanos(System.nanoTime())).isEqualTo(-1);
    assertThat(status.lastFailure()).isEqualTo("the exporter reported a failure");
  }

  @Test
  void aSpanThatCannotBePreparedIsDroppedAndCountedAndTheEndingThreadGoesOn() {
    SpanExport<SpanData> failingPrepare = new SpanExport<SpanData>() {
      @Override
      public SpanData prepare(SpanData span) {
        throw new IllegalStateException("cannot encode " + span.getName());
      }

      @Override
      public ExportFailure send(List<SpanData> batch) {
        return null;
      }

      @Override
      public void shutdown() {}
    };
    tracer = new CompactTracer(Resource.empty(), InstrumentationScopeInfo.create("test"), 1.0,
        new SpanQueue<>(failingPrepare, 16, 16, 20, 5000, dropped, failures, status));

    tracer.spanBuilder("s").startSpan().end();

    assertThat(dropped.get()).isEqualTo(1);
    assertThat(failures.get()).isZero();
  }

  @Test
  void spansEndedOnSeveralThreadsAtOnceAreSentInFullBatchesWithoutWaitingForTheDelay()
      throws Exception {
    // As over OTLP/HTTP: the spans queued as they are, each batch encoded on the export thread.
    AtomicInteger exported = new AtomicInteger();
    SpanRequestEncoder encoder = new SpanRequestEncoder();
    SpanExport<SpanData> encoding = new SpanExport<SpanData>() {
      @Override
      public SpanData prepare(SpanData span) {
        return span;
      }

      @Override
      public ExportFailure send(List<SpanData> batch) {
        encoder.request(Resource.empty(), InstrumentationScopeInfo.create("test"), batch);
        exported.addAndGet(batch.size());
        return null;
      }

      @Override
      public void shutdown() {}
    };
    // Batches of two, and a delay far beyond the test: every batch is sent because it was full.
    tracer = new CompactTracer(Resource.empty(), InstrumentationScopeInfo.create("test"), 1.0,
        new SpanQueue<>(encoding, 1 << 16, 2, 600_000, 5000, dropped, failures, status));
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < 5000; i++) {
          tracer.spanBuilder("s").startSpan().end();
        }
      });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }

    // Producers pass the batch size together, often none of them seeing it exactly: the loop
    // must be woken all the same, or it sleeps until the delay with full batches queued.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (exported.get() < 20_000 - 1 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(exported.get()).isGreaterThanOrEqualTo(20_000 - 1);
    assertThat(dropped.get()).isZero();
  }
}

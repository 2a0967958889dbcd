package dev.sonde.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.agent.export.ExportStatus;
import dev.sonde.instrumentation.api.logs.CapturedLogEvent;
import dev.sonde.instrumentation.api.metrics.StripedCounter;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.prometheus.client.CollectorRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The export half of log shipping: batches in the background, drops and counts, never blocks. */
class LogShipperTest {

  private final CollectorRegistry registry = new CollectorRegistry(true);
  private final StripedCounter.Child dropped =
      StripedCounter.build("dropped", "d").register(registry).labels();
  private final StripedCounter.Child failures =
      StripedCounter.build("failures", "f").register(registry).labels();
  private final Resource resource = Resource.getDefault();
  private LogShipper shipper;

  /** An exporter that records what it is given, after an optional gate opens. */
  static final class GatedExporter implements LogRecordExporter {
    final List<LogRecordData> exported = new CopyOnWriteArrayList<>();
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    final CountDownLatch gate;
    final boolean succeed;

    GatedExporter(CountDownLatch gate, boolean succeed) {
      this.gate = gate;
      this.succeed = succeed;
    }

    @Override
    public CompletableResultCode export(Collection<LogRecordData> logs) {
      try {
        gate.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (!succeed) {
        return CompletableResultCode.ofFailure();
      }
      batchSizes.add(logs.size());
      exported.addAll(logs);
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

  private LogQueue ship(LogRecordExporter exporter, int capacity, int batchSize, long delayMillis) {
    LogQueue queue = new LogQueue(capacity, batchSize, dropped);
    shipper = new LogShipper(queue, new SdkLogExport(exporter, 5000), resource, batchSize,
        delayMillis, 5000, failures, new ExportStatus());
    return queue;
  }

  private static CapturedLogEvent event(String body) {
    return new CapturedLogEvent(1_700_000_000_000L, Severity.INFO, "INFO", "com.shop.Orders",
        "main", body, null, Map.of(), null);
  }

  private static void awaitUntil(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  @AfterEach
  void stop() {
    if (shipper != null) {
      shipper.shutdown();
    }
  }

  @Test
  void queuedEventsAreExportedInTheBackgroundInOrderAndInBatches() {
    GatedExporter exporter = new GatedExporter(new CountDownLatch(0), true);
    LogQueue queue = ship(exporter, 256, 16, 20);

    for (int i = 0; i < 40; i++) {
      queue.offer(event("line " + i));
    }

    awaitUntil(() -> exporter.exported.size() == 40);
    assertThat(exporter.exported).extracting(r -> r.getBodyValue().asString())
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 40)
            .mapToObj(i -> "line " + i).toList());
    assertThat(exporter.batchSizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(16));
    assertThat(exporter.exported).allSatisfy(r -> assertThat(r.getResource()).isSameAs(resource));
    assertThat(dropped.get()).isZero();
  }

  @Test
  void aFullBatchIsExportedBeforeTheDelayIsUp() {
    GatedExporter exporter = new GatedExporter(new CountDownLatch(0), true);
    // A delay far longer than the wait below: only the batch-full wake-up can export in time.
    LogQueue queue = ship(exporter, 256, 8, 60_000);

    for (int i = 0; i < 8; i++) {
      queue.offer(event("line " + i));
    }

    awaitUntil(() -> exporter.exported.size() == 8);
    assertThat(exporter.exported).hasSize(8);
  }

  @Test
  void whenTheQueueIsFullEventsAreDroppedAndCountedWithoutBlocking() {
    CountDownLatch gate = new CountDownLatch(1);
    LogQueue queue = ship(new GatedExporter(gate, true), 16, 16, 20);

    // The export thread is stuck on the gate: the queue fills, later events are dropped at once.
    for (int i = 0; i < 200; i++) {
      queue.offer(event("line " + i));
    }

    assertThat(dropped.get()).isGreaterThanOrEqualTo(200 - 16 - 16);
    gate.countDown();
  }

  @Test
  void aFailedExportCountsOneFailureAndDropsItsRecords() {
    LogQueue queue = ship(new GatedExporter(new CountDownLatch(0), false), 64, 16, 20);

    for (int i = 0; i < 5; i++) {
      queue.offer(event("line " + i));
    }

    awaitUntil(() -> dropped.get() == 5);
    assertThat(dropped.get()).isEqualTo(5);
    assertThat(failures.get()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void anEventThatCannotBeConvertedIsDroppedAndTheOthersStillGo() {
    GatedExporter exporter = new GatedExporter(new CountDownLatch(0), true);
    LogQueue queue = ship(exporter, 64, 16, 20);
    Throwable unprintable = new IllegalStateException() {
      @Override
      public String getMessage() {
        throw new UnsupportedOperationException("the application's broken exception");
      }
    };

    queue.offer(new CapturedLogEvent(1L, Severity.ERROR, "ERROR", "com.shop.Orders", "main",
        "broken", unprintable, Map.of(), null));
    queue.offer(event("fine"));

    awaitUntil(() -> exporter.exported.size() == 1);
    assertThat(exporter.exported).extracting(r -> r.getBodyValue().asString())
        .containsExactly("fine");
    assertThat(dropped.get()).isEqualTo(1);
  }

  @Test
  void atShutdownWhatIsQueuedIsExported() {
    GatedExporter exporter = new GatedExporter(new CountDownLatch(0), true);
    LogQueue queue = ship(exporter, 64, 64, 60_000);

    for (int i = 0; i < 10; i++) {
      queue.offer(event("line " + i));
    }
    shipper.shutdown();

    assertThat(exporter.exported).hasSize(10);
  }
}

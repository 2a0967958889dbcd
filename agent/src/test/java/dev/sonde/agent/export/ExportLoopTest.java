package dev.sonde.agent.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExportLoopTest {

  private static final int BATCH = 4;

  /** A queue of numbers; each send records the size of the batch it took. */
  private final ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
  private final List<Integer> sentBatches = new CopyOnWriteArrayList<>();
  private final ExportLoop.Batches batches = new ExportLoop.Batches() {
    @Override
    public int queued() {
      return queue.size();
    }

    @Override
    public int sendBatch() {
      int taken = 0;
      while (taken < BATCH && queue.poll() != null) {
        taken++;
      }
      if (taken > 0) {
        sentBatches.add(taken);
      }
      return taken;
    }
  };
  private ExportLoop loop;

  @AfterEach
  void stop() {
    loop.stop(1000);
  }

  private void offer(int count) {
    for (int i = 0; i < count; i++) {
      queue.add(i);
      if (queue.size() >= BATCH) {
        loop.batchReady();
      }
    }
  }

  @Test
  void fullBatchesGoAtOnceAndTheRestWaitsForTheDelay() throws Exception {
    loop = new ExportLoop("test-export", batches, BATCH, 60_000);

    offer(BATCH * 2 + 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> sentBatches.size() == 2);
    Thread.sleep(200);

    // Two full batches were sent; the two left over were not sent on their own.
    assertThat(sentBatches).containsExactly(BATCH, BATCH);
    assertThat(queue).hasSize(2);
  }

  @Test
  void aPartialBatchIsSentOnceTheDelayHasPassed() {
    loop = new ExportLoop("test-export", batches, BATCH, 50);

    offer(3);

    await().atMost(Duration.ofSeconds(10)).until(() -> queue.isEmpty());
    assertThat(sentBatches).containsExactly(3);
  }

  @Test
  void stoppingSendsWhatIsQueuedOnce() {
    loop = new ExportLoop("test-export", batches, BATCH, 60_000);
    offer(BATCH + 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> sentBatches.size() == 1);

    assertThat(loop.stop(5000)).isTrue();

    assertThat(sentBatches).containsExactly(BATCH, 1);
    assertThat(queue).isEmpty();
    assertThat(loop.stop(5000)).isFalse();
  }
}

package dev.sonde.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallDepthTest {

  private static final CallDepth STATEMENT = CallDepth.kind("test.statement");
  private static final CallDepth PREPARE = CallDepth.kind("test.prepare");
  private static final CallDepth DELIVERY = CallDepth.kind("test.delivery");
  private static final CallDepth SERVER = CallDepth.kind("test.server");

  @Test
  void aKindIsHandedOutOncePerName() {
    assertThat(CallDepth.kind("test.statement")).as("the same name").isSameAs(STATEMENT);
    assertThat(PREPARE).as("another name").isNotSameAs(STATEMENT);
    assertThat(STATEMENT.name()).isEqualTo("test.statement");
  }

  @Test
  void onlyTheOutermostCallOfAKindEntersAtDepthZero() {
    int[] depths = CallDepth.ofThread();

    assertThat(STATEMENT.enter(depths)).as("a pool's proxy statement").isZero();
    assertThat(STATEMENT.enter(depths)).as("the driver's, inside it").isEqualTo(1);
    assertThat(PREPARE.enter(depths)).as("another kind counts apart").isZero();
    assertThat(PREPARE.exit(depths)).isZero();
    assertThat(STATEMENT.exit(depths)).isEqualTo(1);
    assertThat(STATEMENT.exit(depths)).as("the outermost exited").isZero();
    assertThat(STATEMENT.enter(depths)).as("the next call is outermost again")
        .isZero();
    STATEMENT.exit(depths);
  }

  @Test
  void anExitWithoutItsEnterNeverLeavesTheDepthBelowZero() {
    int[] depths = CallDepth.ofThread();

    // An enter advice that failed before entering, followed by its exit advice.
    assertThat(DELIVERY.exit(depths)).isZero();

    assertThat(DELIVERY.enter(depths)).isZero();
    DELIVERY.exit(depths);
  }

  @Test
  void eachThreadHasItsOwnDepths() throws InterruptedException {
    int[] depths = CallDepth.ofThread();
    assertThat(CallDepth.ofThread()).as("the same thread gets the same depths").isSameAs(depths);
    SERVER.enter(depths);
    AtomicInteger onOtherThread = new AtomicInteger(-1);

    Thread other = new Thread(() ->
        onOtherThread.set(SERVER.enter(CallDepth.ofThread())));
    other.start();
    other.join();

    assertThat(onOtherThread.get()).as("a call on another thread is outermost there").isZero();
    assertThat(SERVER.exit(depths)).isZero();
  }
}

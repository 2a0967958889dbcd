package dev.sonde.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallDepthTest {

  @Test
  void onlyTheOutermostCallOfAKindEntersAtDepthZero() {
    int[] depths = CallDepth.ofThread();

    assertThat(CallDepth.JDBC_STATEMENT.enter(depths)).as("a pool's proxy statement").isZero();
    assertThat(CallDepth.JDBC_STATEMENT.enter(depths)).as("the driver's, inside it").isEqualTo(1);
    assertThat(CallDepth.JDBC_PREPARE.enter(depths)).as("another kind counts apart").isZero();
    assertThat(CallDepth.JDBC_PREPARE.exit(depths)).isZero();
    assertThat(CallDepth.JDBC_STATEMENT.exit(depths)).isEqualTo(1);
    assertThat(CallDepth.JDBC_STATEMENT.exit(depths)).as("the outermost exited").isZero();
    assertThat(CallDepth.JDBC_STATEMENT.enter(depths)).as("the next call is outermost again")
        .isZero();
    CallDepth.JDBC_STATEMENT.exit(depths);
  }

  @Test
  void anExitWithoutItsEnterNeverLeavesTheDepthBelowZero() {
    int[] depths = CallDepth.ofThread();

    // An enter advice that failed before entering, followed by its exit advice.
    assertThat(CallDepth.RABBITMQ_DELIVERY.exit(depths)).isZero();

    assertThat(CallDepth.RABBITMQ_DELIVERY.enter(depths)).isZero();
    CallDepth.RABBITMQ_DELIVERY.exit(depths);
  }

  @Test
  void eachThreadHasItsOwnDepths() throws InterruptedException {
    int[] depths = CallDepth.ofThread();
    assertThat(CallDepth.ofThread()).as("the same thread gets the same depths").isSameAs(depths);
    CallDepth.JDK_HTTP_SERVER.enter(depths);
    AtomicInteger onOtherThread = new AtomicInteger(-1);

    Thread other = new Thread(() ->
        onOtherThread.set(CallDepth.JDK_HTTP_SERVER.enter(CallDepth.ofThread())));
    other.start();
    other.join();

    assertThat(onOtherThread.get()).as("a call on another thread is outermost there").isZero();
    assertThat(CallDepth.JDK_HTTP_SERVER.exit(depths)).isZero();
  }
}

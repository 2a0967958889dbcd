package dev.sonde.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private final RetryPolicy policy = new RetryPolicy(10_000);

  @Test
  void theBackoffDoublesFromOneSecondUpToFiveWithJitterOfUpToHalf() {
    long[][] bounds = {{500, 1000}, {1000, 2000}, {2000, 4000}, {2500, 5000}};
    for (int attempt = 1; attempt <= 4; attempt++) {
      for (int i = 0; i < 200; i++) {
        assertThat(policy.delayNanos(attempt, 0, 0, 0) / MS).as("after attempt %d", attempt)
            .isBetween(bounds[attempt - 1][0], bounds[attempt - 1][1]);
      }
    }
  }

  @Test
  void retryAfterIsHonouredAsItIs() {
    assertThat(policy.delayNanos(1, 3000, 0, 0)).isEqualTo(3000 * MS);
  }

  @Test
  void notRetryableTheLastAttemptOrPastTheBudgetGivesUp() {
    assertThat(policy.delayNanos(1, -1, 0, 0)).isEqualTo(-1);
    assertThat(policy.delayNanos(RetryPolicy.MAX_ATTEMPTS, 0, 0, 0)).isEqualTo(-1);
    // Two timeouts (20 s) after the first attempt began, no attempt starts.
    assertThat(policy.delayNanos(1, 5000, 0, 15_001 * MS)).isEqualTo(-1);
    assertThat(policy.delayNanos(1, 5000, 0, 15_000 * MS)).isEqualTo(5000 * MS);
    assertThat(policy.delayNanos(1, 60_000, 0, 0)).as("a Retry-After beyond the budget")
        .isEqualTo(-1);
  }
}

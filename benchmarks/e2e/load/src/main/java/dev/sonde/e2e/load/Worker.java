package dev.sonde.e2e.load;

import java.io.IOException;

/**
 * One connection of the closed loop: sends the next request of the mix as soon as the previous
 * answer is in, and tallies each exchange into the phase current when it completed. Ends when the
 * last phase is over; the connection stays open (its owner closes it), so that the slices of the
 * interleaved harness reuse it.
 */
final class Worker implements Runnable {

  /** A dead connection is retried at this pace, not in a spin. */
  private static final long RETRY_PAUSE_MILLIS = 10;

  private final HttpConnection connection;
  private final RequestMix mix;
  private final PhaseClock clock;
  private final PhaseTally[] tallies;
  private long next;

  Worker(HttpConnection connection, RequestMix mix, PhaseClock clock, int firstRequest) {
    this.connection = connection;
    this.mix = mix;
    this.clock = clock;
    this.tallies = new PhaseTally[clock.phaseCount()];
    for (int i = 0; i < tallies.length; i++) {
      tallies[i] = new PhaseTally();
    }
    this.next = firstRequest;
  }

  @Override
  public void run() {
    while (true) {
      byte[] request = mix.request(next++);
      long start = System.nanoTime();
      int status = -1;
      String error = null;
      try {
        status = connection.exchange(request);
      } catch (IOException e) {
        error = e.toString();
      }
      long micros = (System.nanoTime() - start) / 1000;
      int phase = clock.current();
      if (phase >= tallies.length) {
        return;
      }
      if (error != null) {
        tallies[phase].error(error);
        pause();
      } else if (status / 100 != 2) {
        tallies[phase].error("HTTP " + status + " for " + firstLine(request));
      } else {
        tallies[phase].success(micros);
      }
    }
  }

  PhaseTally tally(int phase) {
    return tallies[phase];
  }

  private static String firstLine(byte[] request) {
    String text = new String(request, java.nio.charset.StandardCharsets.US_ASCII);
    return text.substring(0, text.indexOf('\r'));
  }

  private static void pause() {
    try {
      Thread.sleep(RETRY_PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

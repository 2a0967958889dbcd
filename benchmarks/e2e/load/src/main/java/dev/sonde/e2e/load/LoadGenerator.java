package dev.sonde.e2e.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The load generator, in its own JVM, driven by the harness over stdin and stdout:
 *
 * <pre>
 *   java -jar e2e-load-runnable.jar --port 8080 --concurrency 8 first=30 warmup=30 steady=60
 * </pre>
 *
 * prints {@code ready}, waits for a line {@code go}, then keeps {@code --concurrency} connections
 * busy (closed loop: each sends its next request as soon as the previous answer is in) through
 * the phases, each {@code name=seconds}, back to back. It prints {@code phase <name>} as each
 * phase begins and {@code done} when the last ends (the harness samples the service's CPU time and
 * allocation on those lines), then one line per phase:
 *
 * <pre>
 *   result steady seconds=60.001 requests=123456 errors=0 p50_us=812 p99_us=4210 max_us=31000
 *   first-error steady HTTP 500 for GET /items/3 HTTP/1.1      (only when there were errors)
 * </pre>
 *
 * Latency is measured from sending a request to reading the last byte of its answer; with a
 * closed loop a slow answer delays the next request instead of queueing it (no coordinated
 * omission correction), which is what a fixed concurrency means.
 */
public final class LoadGenerator {

  static final String HOST = "127.0.0.1";
  static final int TIMEOUT_MILLIS = 30_000;

  private LoadGenerator() {}

  public static void main(String[] args) throws Exception {
    int port = -1;
    int concurrency = 8;
    Map<String, Double> phases = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
        default -> {
          String[] phase = args[i].split("=", 2);
          if (phase.length != 2) {
            throw new IllegalArgumentException("a phase is name=seconds: " + args[i]);
          }
          phases.put(phase[0], Double.parseDouble(phase[1]));
        }
      }
    }
    if (port < 0 || phases.isEmpty() || concurrency < 1) {
      throw new IllegalArgumentException(
          "usage: --port P [--concurrency N] name=seconds [name=seconds ...]");
    }

    RequestMix mix = new RequestMix(HOST, port);
    PhaseClock clock = new PhaseClock(phases.size());
    List<Worker> workers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    List<HttpConnection> connections = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      connections.add(new HttpConnection(HOST, port, TIMEOUT_MILLIS));
      Worker worker = new Worker(connections.get(i), mix, clock, firstRequest(i));
      workers.add(worker);
      threads.add(new Thread(worker, "load-" + i));
    }

    System.out.println("ready");
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; !"go".equals(line = in.readLine()); ) {
      if (line == null) {
        return;
      }
    }

    List<String> names = new ArrayList<>(phases.keySet());
    long[] boundaries = new long[names.size() + 1];
    boundaries[0] = System.nanoTime();
    System.out.println("phase " + names.get(0));
    System.out.flush();
    threads.forEach(Thread::start);
    for (int i = 0; i < names.size(); i++) {
      long end = boundaries[i] + (long) (phases.get(names.get(i)) * 1e9);
      sleepUntil(end);
      clock.advance();
      boundaries[i + 1] = System.nanoTime();
      System.out.println(i + 1 < names.size() ? "phase " + names.get(i + 1) : "done");
      System.out.flush();
    }
    for (Thread thread : threads) {
      thread.join(TIMEOUT_MILLIS + 5_000L);
    }
    connections.forEach(HttpConnection::close);

    for (int i = 0; i < names.size(); i++) {
      PhaseTally total = new PhaseTally();
      for (Worker worker : workers) {
        total.add(worker.tally(i));
      }
      printResult(names.get(i), (boundaries[i + 1] - boundaries[i]) / 1e9, total);
    }
    System.out.flush();
  }

  /** The {@code result} line of a phase, and its {@code first-error} line when it had errors. */
  static void printResult(String name, double seconds, PhaseTally total) {
    System.out.printf(java.util.Locale.ROOT, "result %s seconds=%.3f requests=%d errors=%d"
            + " p50_us=%d p99_us=%d max_us=%d%n", name, seconds, total.requests, total.errors,
        total.latencyMicros.getValueAtPercentile(50), total.latencyMicros.getValueAtPercentile(99),
        total.latencyMicros.getMaxValue());
    if (total.firstError != null) {
      System.out.println("first-error " + name + " " + total.firstError);
    }
  }

  /** Each connection starts elsewhere in the mix: not all on the same row at once. */
  static int firstRequest(int connection) {
    return connection * 4 * 131 + connection % 4;
  }

  static void sleepUntil(long nanoTime) throws InterruptedException {
    for (long left; (left = nanoTime - System.nanoTime()) > 0; ) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }
}

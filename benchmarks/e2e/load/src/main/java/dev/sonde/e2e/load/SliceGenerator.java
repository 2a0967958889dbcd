package dev.sonde.e2e.load;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The load of the interleaved harness: several services (one per port) run at once and get the
 * load in turn, one slice at a time, each with its own {@code --concurrency} keep-alive connections
 * that stay open between its slices.
 *
 * <pre>
 *   java -cp e2e-load-runnable.jar dev.sonde.e2e.load.SliceGenerator --ports 8080,8081 \
 *       --concurrency 8
 * </pre>
 *
 * prints {@code ready}, then for each line {@code slice <port index> <seconds>} on stdin puts the
 * closed-loop load of {@link LoadGenerator} on that service for that long and prints its
 * {@code result slice ...} line (the {@link LoadGenerator} format), a {@code first-error} line when
 * there were errors, and {@code end}. Ends on {@code quit} or at the end of its input.
 */
public final class SliceGenerator {

  private SliceGenerator() {}

  public static void main(String[] args) throws Exception {
    List<Integer> ports = new ArrayList<>();
    int concurrency = 8;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--ports" -> {
          for (String port : args[++i].split(",")) {
            ports.add(Integer.parseInt(port));
          }
        }
        case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (ports.isEmpty() || concurrency < 1) {
      throw new IllegalArgumentException("usage: --ports P1,P2,... [--concurrency N]");
    }
    List<RequestMix> mixes = new ArrayList<>();
    List<List<HttpConnection>> connections = new ArrayList<>();
    for (int port : ports) {
      mixes.add(new RequestMix(LoadGenerator.HOST, port));
      List<HttpConnection> own = new ArrayList<>();
      for (int i = 0; i < concurrency; i++) {
        own.add(new HttpConnection(LoadGenerator.HOST, port, LoadGenerator.TIMEOUT_MILLIS));
      }
      connections.add(own);
    }

    System.out.println("ready");
    System.out.flush();
    BufferedReader in = new BufferedReader(
        new InputStreamReader(System.in, StandardCharsets.UTF_8));
    int slice = 0;
    for (String line; (line = in.readLine()) != null && !line.equals("quit"); slice++) {
      String[] words = line.strip().split(" ");
      if (words.length != 3 || !words[0].equals("slice")) {
        throw new IllegalArgumentException("expected slice <port index> <seconds>: " + line);
      }
      int target = Integer.parseInt(words[1]);
      runSlice(connections.get(target), mixes.get(target), Double.parseDouble(words[2]), slice);
      System.out.println("end");
      System.out.flush();
    }
    connections.forEach(own -> own.forEach(HttpConnection::close));
  }

  private static void runSlice(List<HttpConnection> connections, RequestMix mix, double seconds,
      int slice) throws InterruptedException {
    PhaseClock clock = new PhaseClock(1);
    List<Worker> workers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < connections.size(); i++) {
      // Each slice moves on in the mix, so that the same requests do not always open a slice.
      Worker worker = new Worker(connections.get(i), mix, clock,
          LoadGenerator.firstRequest(i) + slice * 7919);
      workers.add(worker);
      threads.add(new Thread(worker, "load-" + i));
    }
    long start = System.nanoTime();
    threads.forEach(Thread::start);
    LoadGenerator.sleepUntil(start + (long) (seconds * 1e9));
    clock.advance();
    long end = System.nanoTime();
    for (Thread thread : threads) {
      thread.join(LoadGenerator.TIMEOUT_MILLIS + 5_000L);
    }
    PhaseTally total = new PhaseTally();
    workers.forEach(worker -> total.add(worker.tally(0)));
    LoadGenerator.printResult("slice", (end - start) / 1e9, total);
  }
}

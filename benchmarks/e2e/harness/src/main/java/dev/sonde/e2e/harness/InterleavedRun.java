package dev.sonde.e2e.harness;

import dev.sonde.smoke.harness.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The interleaved run: every setup's service runs at once, warm, each with its own orders table
 * and RabbitMQ queue (the items and the cache are only read, so they are shared); the load goes
 * to one service at a time, in slices of a few seconds, round after round, each round visiting
 * every setup once in an order drawn afresh ({@link SliceSchedule}). Each slice records what the
 * load saw and the service's CPU time from {@code /proc}; {@link InterleavedReport} turns the
 * slices into paired ratios. Whatever changes on the machine during the run (another build, the
 * CPU's clock) hits the setups alike, seconds apart, instead of one setup's whole run.
 */
final class InterleavedRun {

  /** A service of the run: its agent setup, and the CPU it burns per request on purpose. */
  record Instance(String label, AgentSetup setup, int costMicros) {}

  /** What the run measured, and what makes it untrustworthy. */
  record Result(List<Instance> instances, List<Slice> slices, long seed, List<String> problems) {}

  private final HarnessOptions options;
  private final Backends backends;
  private final CountingOtlpReceiver receiver;

  InterleavedRun(HarnessOptions options, Backends backends, CountingOtlpReceiver receiver) {
    this.options = options;
    this.backends = backends;
    this.receiver = receiver;
  }

  /**
   * The services of the run: {@code --agents} (the first is the baseline), or Sonde twice with
   * {@code --aa}; with {@code --inject-micros N}, the last burns N µs per request.
   */
  static List<Instance> instances(HarnessOptions options) {
    HarnessOptions.Interleaving interleaving = options.interleaving();
    List<Instance> instances = new ArrayList<>();
    if (interleaving.aa()) {
      instances.add(new Instance("Sonde (A)", AgentSetup.SONDE, 0));
      instances.add(new Instance("Sonde (B)", AgentSetup.SONDE, 0));
    } else {
      options.agents().forEach(setup -> instances.add(new Instance(setup.label, setup, 0)));
    }
    if (instances.size() < 2) {
      throw new IllegalArgumentException("the interleaved run compares at least two setups");
    }
    int cost = interleaving.injectMicros();
    if (cost > 0) {
      Instance last = instances.remove(instances.size() - 1);
      instances.add(new Instance(last.label() + " + " + cost + " µs", last.setup(), cost));
    }
    return List.copyOf(instances);
  }

  Result run(Path runDir) throws IOException, InterruptedException {
    HarnessOptions.Interleaving interleaving = options.interleaving();
    List<Instance> instances = instances(options);
    List<ServiceProcess> services = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<Slice> slices = new ArrayList<>();
    long seed = System.nanoTime();
    long spansBefore = receiver.spans();
    try {
      for (int i = 0; i < instances.size(); i++) {
        Instance instance = instances.get(i);
        backends.createOrdersTable("orders_" + i);
        int port = Ports.freeOutsideEphemeralRange();
        List<String> jvmArgs = new ArrayList<>(options.jvmArgs());
        jvmArgs.addAll(instance.setup().jvmArgs(options, receiver.endpoint(),
            Ports.freeOutsideEphemeralRange()));
        jvmArgs.addAll(backends.appProperties());
        jvmArgs.add("-Dapp.orders.table=orders_" + i);
        jvmArgs.add("-Dapp.orders.queue=orders-" + i);
        if (instance.costMicros() > 0) {
          jvmArgs.add("-Dapp.cost.micros=" + instance.costMicros());
        }
        ports.add(port);
        services.add(ServiceProcess.launch(options.java(), jvmArgs, options.appJar(), port,
            runDir.resolve(i + "-" + instance.setup().id)));
      }
      for (int i = 0; i < services.size(); i++) {
        System.out.printf(Locale.ROOT, "  %s: first 200 after %.2f s%n", instances.get(i).label(),
            services.get(i).awaitFirst200());
      }
      try (SliceLoadProcess load = SliceLoadProcess.start(options, ports, runDir)) {
        warmUp(load, instances.size(), interleaving);
        System.out.printf(Locale.ROOT, "  %d rounds of %.1f s slices ...%n", interleaving.rounds(),
            interleaving.sliceSeconds());
        List<List<Integer>> schedule = SliceSchedule.rounds(interleaving.rounds(),
            instances.size(), new Random(seed));
        for (int round = 0; round < schedule.size(); round++) {
          for (int setup : schedule.get(round)) {
            double cpuBefore = services.get(setup).cpuSeconds();
            PhaseResult result = load.slice(setup, interleaving.sliceSeconds());
            double cpu = services.get(setup).cpuSeconds() - cpuBefore;
            slices.add(new Slice(round, setup, result, cpu));
          }
          if ((round + 1) % 10 == 0) {
            System.out.printf(Locale.ROOT, "  round %d/%d%n", round + 1, schedule.size());
          }
        }
        load.firstErrors().forEach(error -> problems.add("failed requests, first: " + error));
        problems.addAll(unanswered(instances, slices));
      }
    } finally {
      services.forEach(ServiceProcess::close);
    }
    if (instances.stream().anyMatch(instance -> instance.setup().hasAgent())
        && receiver.spans() == spansBefore) {
      problems.add("the receiver got no span");
    }
    writeSlices(runDir.resolve("slices.tsv"), instances, slices);
    return new Result(instances, List.copyOf(slices), seed, List.copyOf(problems));
  }

  /**
   * A slice in which the service answered nothing makes its ratios meaningless (a division by
   * zero, or a service that stopped serving without a failed request): one problem per such slice.
   */
  static List<String> unanswered(List<Instance> instances, List<Slice> slices) {
    List<String> problems = new ArrayList<>();
    for (Slice slice : slices) {
      if (slice.load().requests() - slice.load().errors() <= 0) {
        problems.add(String.format(Locale.ROOT, "%s answered no request in round %d",
            instances.get(slice.setup()).label(), slice.round() + 1));
      }
    }
    return problems;
  }

  /** Each service gets the warm-up's load, in alternating slices; nothing is recorded. */
  private static void warmUp(SliceLoadProcess load, int setups,
      HarnessOptions.Interleaving interleaving) throws IOException {
    double slice = Math.min(HarnessOptions.WARMUP_SLICE_SECONDS, interleaving.warmupSeconds());
    int slicesEach = (int) Math.ceil(interleaving.warmupSeconds() / slice);
    System.out.printf(Locale.ROOT, "  warm-up: %.0f s of load on each, alternating ...%n",
        slicesEach * slice);
    for (int i = 0; i < slicesEach; i++) {
      for (int setup = 0; setup < setups; setup++) {
        load.slice(setup, slice);
      }
    }
  }

  /** Every slice, for reading a run again: round, setup, load figures, CPU. */
  private static void writeSlices(Path file, List<Instance> instances, List<Slice> slices)
      throws IOException {
    StringBuilder tsv = new StringBuilder(
        "round\tsetup\tseconds\trequests\terrors\tp50_us\tp99_us\tcpu_s\tcpu_us_per_request\n");
    for (Slice slice : slices) {
      PhaseResult load = slice.load();
      tsv.append(String.format(Locale.ROOT, "%d\t%s\t%.3f\t%d\t%d\t%d\t%d\t%.2f\t%.1f%n",
          slice.round(), instances.get(slice.setup()).label(), load.seconds(), load.requests(),
          load.errors(), load.p50Micros(), load.p99Micros(), slice.cpuSeconds(),
          slice.cpuMicrosPerRequest()));
    }
    Files.writeString(file, tsv);
  }
}

package dev.sonde.e2e.harness;

import dev.sonde.smoke.harness.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run of the service under one agent setup: start the load generator, launch the service,
 * time its first 200, put it under load through the three phases (sampling its CPU time and
 * allocation at each boundary), read its peak RSS, stop it, count what it exported and logged.
 */
final class AgentRun {

  /** A sample of the service at a phase boundary. */
  private record Sample(double cpuSeconds, long allocatedBytes, Map<String, Double> threadCpu) {}

  /** The steady phase's stacks, with {@code --profile}. */
  private static final String PROFILE = "profile-steady.collapsed";
  /** The same with {@code --profile-alloc}: bytes allocated by stack. */
  private static final String ALLOCATION_PROFILE = "profile-steady-alloc.collapsed";

  /** Thread groups that cost less than this per request are left out of the breakdown. */
  private static final double SHOWN_MICROS = 0.5;

  private final HarnessOptions options;
  private final Backends backends;
  private final CountingOtlpReceiver receiver;
  /** With {@code --profile}, else null. */
  private final SteadyStateProfiler profiler;

  AgentRun(HarnessOptions options, Backends backends, CountingOtlpReceiver receiver) {
    this.options = options;
    this.backends = backends;
    this.receiver = receiver;
    this.profiler = options.profile()
        ? new SteadyStateProfiler(options.asyncProfilerLibrary(), options.profileAllocation())
        : null;
  }

  Measurement run(AgentSetup setup, Path dir) throws IOException, InterruptedException {
    int appPort = Ports.freeOutsideEphemeralRange();
    int metricsPort = Ports.freeOutsideEphemeralRange();
    List<String> jvmArgs = new ArrayList<>(options.jvmArgs());
    jvmArgs.addAll(setup.jvmArgs(options, receiver.endpoint(), metricsPort));
    jvmArgs.addAll(backends.appProperties());
    long spansBefore = receiver.spans();
    List<String> problems = new ArrayList<>();

    double startup;
    double startupCpu;
    Map<String, PhaseResult> results;
    Map<String, Sample> samples = new HashMap<>();
    long peakRss;
    int scrapes = 0;
    ServiceProcess.LogCount logs;
    try (LoadProcess load = LoadProcess.start(options, appPort, dir)) {
      ServiceProcess service = ServiceProcess.launch(options.java(), jvmArgs, options.appJar(),
          appPort, dir);
      MetricsScraper scraper = null;
      try {
        startup = service.awaitFirst200();
        startupCpu = service.cpuSeconds();
        writeStartupCpuByThread(dir.resolve("startup-cpu-by-thread.tsv"),
            ProcStat.threadCpuSeconds(service.pid()));
        if (setup.hasAgent()) {
          scraper = new MetricsScraper(metricsPort, options.scrapeInterval());
        }
        results = load.run(boundary -> {
          samples.put(boundary, new Sample(service.cpuSeconds(), service.allocatedBytes(),
              ProcStat.threadCpuSeconds(service.pid())));
          if (profiler != null) {
            profileAt(boundary, service.pid(), dir);
          }
        });
        peakRss = service.peakRssBytes();
        if (jvmArgs.stream().anyMatch(arg -> arg.startsWith("-XX:NativeMemoryTracking="))) {
          service.nativeMemorySummary(options.java(), dir.resolve("native-memory.txt"));
        }
        if (scraper != null) {
          scraper.scrapeNow();
          scrapes = scraper.goodScrapes();
          Files.writeString(dir.resolve("metrics.txt"), scraper.lastScrape());
          checkScrape(setup, scraper, problems);
        }
        load.firstErrors().forEach(error -> problems.add("failed requests, first: " + error));
      } finally {
        if (scraper != null) {
          scraper.close();
        }
        service.close();
      }
      logs = service.countLogLines();
    }
    long spans = receiver.spans() - spansBefore;

    PhaseResult first = results.get("first");
    PhaseResult steady = results.get("steady");
    if (first == null || steady == null) {
      throw new IllegalStateException("the load generator gave no result for every phase: "
          + results.keySet());
    }
    Sample steadyStart = samples.get("steady");
    Sample steadyEnd = samples.get("done");
    double cpuPerRequest = (steadyEnd.cpuSeconds() - steadyStart.cpuSeconds()) * 1e6
        / steady.requests();
    double allocatedPerRequest = (double) (steadyEnd.allocatedBytes()
        - steadyStart.allocatedBytes()) / steady.requests();
    long requests = results.values().stream().mapToLong(PhaseResult::requests).sum();
    Map<String, Double> byThread = new TreeMap<>();
    cpuPerRequestByThread(steadyStart, steadyEnd, steady).forEach((name, micros) -> {
      if (micros >= SHOWN_MICROS) {
        byThread.put(name, micros);
      }
    });
    writeCpuByThread(dir.resolve("cpu-by-thread.tsv"), samples, results);
    if (profiler != null) {
      summarizeProfile(setup, dir, steady.requests());
    }

    if (setup.hasAgent()) {
      if (spans == 0) {
        problems.add("the receiver got no span");
      }
      if (scrapes == 0) {
        problems.add("no good scrape of the metrics endpoint");
      }
      if (logs.withTraceId() == 0) {
        problems.add("no log line carries a trace id");
      }
    } else if (spans > 0 || logs.withTraceId() > 0) {
      problems.add("spans or trace ids without an agent: " + spans + " spans");
    }
    return new Measurement(setup, startup, startupCpu, first, steady, cpuPerRequest,
        allocatedPerRequest, Map.copyOf(byThread), peakRss, requests, spans, scrapes, logs.lines(),
        logs.withTraceId(), List.copyOf(problems));
  }

  /** {@code --profile}: the profiler runs from the steady phase's start to its end. */
  private void profileAt(String boundary, long pid, Path dir) {
    try {
      if (boundary.equals("steady")) {
        profiler.start(pid);
      } else if (boundary.equals("done")) {
        profiler.stopInto(pid, dir.resolve(options.profileAllocation() ? ALLOCATION_PROFILE
            : PROFILE));
      }
    } catch (Exception e) {
      System.out.println("  profiling at the " + boundary + " boundary failed: " + e);
    }
  }

  private static void summarizeProfile(AgentSetup setup, Path dir, long requests)
      throws IOException {
    Path collapsed = dir.resolve(PROFILE);
    if (!Files.isRegularFile(collapsed)) {
      return;
    }
    ProfileSummary summary = ProfileSummary.read(collapsed, setup);
    Files.writeString(dir.resolve("profile-steady.txt"), summary.describe(requests));
    System.out.printf(java.util.Locale.ROOT, "  profile: %d samples%s; see %s%n",
        summary.samples(), setup.hasAgent() ? String.format(java.util.Locale.ROOT,
            ", %.2f µs per request under the agent's frames on the request threads",
            summary.agentMicrosPerRequest(requests)) : "",
        dir.resolve("profile-steady.txt"));
  }

  /** CPU µs per request of each thread group between two samples. */
  private static Map<String, Double> cpuPerRequestByThread(Sample start, Sample end,
      PhaseResult phase) {
    Map<String, Double> byThread = new TreeMap<>();
    end.threadCpu().forEach((name, seconds) -> byThread.put(name,
        (seconds - start.threadCpu().getOrDefault(name, 0.0)) * 1e6 / phase.requests()));
    return byThread;
  }

  /**
   * CPU seconds of each thread group from launch to the first 200, for reading where start-up
   * goes (threads that ended before it are not counted). Columns: thread group, seconds.
   */
  private static void writeStartupCpuByThread(Path file, Map<String, Double> threadCpu)
      throws IOException {
    StringBuilder tsv = new StringBuilder("thread\tseconds\n");
    threadCpu.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(group -> tsv.append(group.getKey()).append('\t')
            .append(String.format(java.util.Locale.ROOT, "%.2f", group.getValue())).append('\n'));
    Files.writeString(file, tsv);
  }

  /**
   * Every phase's CPU per request by thread group, for reading a run: the report shows the steady
   * state only. Columns: phase, thread group, µs per request.
   */
  private static void writeCpuByThread(Path file, Map<String, Sample> samples,
      Map<String, PhaseResult> results) throws IOException {
    StringBuilder tsv = new StringBuilder("phase\tthread\tmicros_per_request\n");
    List<String> boundaries = new ArrayList<>(results.keySet());
    boundaries.add("done");
    for (int i = 0; i + 1 < boundaries.size(); i++) {
      String phase = boundaries.get(i);
      Map<String, Double> byThread = cpuPerRequestByThread(samples.get(phase),
          samples.get(boundaries.get(i + 1)), results.get(phase));
      byThread.entrySet().stream()
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .forEach(group -> tsv.append(phase).append('\t').append(group.getKey()).append('\t')
              .append(String.format(java.util.Locale.ROOT, "%.2f", group.getValue()))
              .append('\n'));
    }
    Files.writeString(file, tsv);
  }

  /** Sonde's scrape must show the requests; the OpenTelemetry agent's, its HTTP server metric. */
  private static void checkScrape(AgentSetup setup, MetricsScraper scraper,
      List<String> problems) {
    String metric = setup == AgentSetup.SONDE ? "http_requests_total"
        : "http_server_request_duration_seconds_count";
    if (scraper.sum(metric) <= 0) {
      problems.add("the last scrape has no " + metric);
    }
  }
}

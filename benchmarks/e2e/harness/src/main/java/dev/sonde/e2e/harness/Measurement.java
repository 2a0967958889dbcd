package dev.sonde.e2e.harness;

import java.util.List;
import java.util.Map;

/**
 * What one run of the service under one agent setup cost, and what it produced.
 *
 * @param startupSeconds launch of the JVM → first 200 from {@code GET /plain}
 * @param startupCpuSeconds CPU the JVM had used by then
 * @param first the first phase of the load (throughput right after start-up)
 * @param steady the last phase, after warm-up: throughput, latency
 * @param cpuMicrosPerRequest CPU time of the whole JVM during {@code steady}, per request
 * @param allocatedBytesPerRequest bytes the JVM's threads allocated during {@code steady}, per
 *     request
 * @param cpuMicrosPerRequestByThread {@code cpuMicrosPerRequest} split by thread group (see
 *     {@link ProcStat#threadCpuSeconds}): the service's own threads, the agent's, the JIT's, the GC's
 * @param peakRssBytes the JVM's peak resident set ({@code VmHWM}) at the end of the load
 * @param requests requests the load sent in all phases
 * @param spans spans the OTLP receiver got from this run
 * @param scrapes good scrapes of the agent's metrics endpoint
 * @param logLines lines in the service's log; {@code logLinesWithTraceId} of them carry a trace id
 * @param problems why the run cannot be trusted (failed requests, an agent that exported nothing)
 */
record Measurement(AgentSetup setup, double startupSeconds, double startupCpuSeconds,
    PhaseResult first, PhaseResult steady, double cpuMicrosPerRequest,
    double allocatedBytesPerRequest, Map<String, Double> cpuMicrosPerRequestByThread,
    long peakRssBytes, long requests, long spans, int scrapes,
    long logLines, long logLinesWithTraceId, List<String> problems) {

  double spansPerRequest() {
    return requests == 0 ? 0 : (double) spans / requests;
  }
}

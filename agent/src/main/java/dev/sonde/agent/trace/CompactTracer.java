package dev.sonde.agent.trace;

import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import java.util.Collections;
import java.util.List;

/**
 * The agent's tracer: the OpenTelemetry API its recorders write to, without the SDK's span.
 * Sampling is parent-based, and a new trace is kept by its trace id's ratio, as the SDK's
 * {@code parentbased_traceidratio} sampler decides (the same trace ids give the same decisions
 * as OpenTelemetry SDKs in other services). Ended sampled spans go to {@link SpanQueue}.
 *
 * <p>The SDK's span takes a lock per attribute, keeps them in a hash table of four arrays built
 * for every span, and makes hex ids through a thread local; on a server's request threads that was
 * about 3 µs per request of a 30 µs request. This one writes plain arrays and longs, and encodes
 * them for export once, when the span ends ({@link SpanExport#prepare}).
 */
public final class CompactTracer implements Tracer {

  final EpochClock clock = new EpochClock();
  final Resource resource;
  final InstrumentationScopeInfo scope;
  /** Where ended sampled spans go, each queue to its exporter; empty: nothing is sampled. */
  private final SpanQueue<?>[] queues;
  /** New traces whose trace id's lower half, made positive, is below it are sampled. */
  private final long sampleBound;
  private final boolean sampleAll;

  /**
   * @param sampleRatio the share of new traces recorded, 0 to 1
   * @param queue where ended sampled spans go; null: nothing is sampled (traces off), but spans
   *     still have ids, for log lines and outgoing headers
   */
  public CompactTracer(Resource resource, InstrumentationScopeInfo scope, double sampleRatio,
      SpanQueue<?> queue) {
    this(resource, scope, sampleRatio, queue == null ? Collections.<SpanQueue<?>>emptyList()
        : Collections.<SpanQueue<?>>singletonList(queue));
  }

  /**
   * @param queues where ended sampled spans go (the OTLP exporter, the console, the trace page),
   *     each gets every span; none: nothing is sampled
   */
  public CompactTracer(Resource resource, InstrumentationScopeInfo scope, double sampleRatio,
      List<SpanQueue<?>> queues) {
    this.resource = resource;
    this.scope = scope;
    this.queues = queues.toArray(new SpanQueue<?>[0]);
    double ratio = this.queues.length == 0 ? 0 : Math.max(0, Math.min(1, sampleRatio));
    this.sampleAll = ratio >= 1;
    this.sampleBound = ratio <= 0 ? Long.MIN_VALUE : (long) (ratio * Long.MAX_VALUE);
  }

  @Override
  public SpanBuilder spanBuilder(String spanName) {
    return new CompactSpanBuilder(this, isBlank(spanName) ? "<unspecified span name>" : spanName);
  }

  /** The SDK's test, {@code trim().isEmpty()}, without reading past the first character. */
  private static boolean isBlank(String name) {
    return name == null || name.isEmpty() || (name.charAt(0) <= ' ' && name.trim().isEmpty());
  }

  /** The context of a new span under {@code parent} (invalid: a new trace). */
  IdSpanContext newContext(SpanContext parent) {
    if (parent.isValid()) {
      return IdSpanContext.childOf(parent, queues.length != 0 && parent.isSampled());
    }
    long high = SpanIds.nonZero();
    long low = SpanIds.nonZero();
    return IdSpanContext.root(high, low, sampleAll || Math.abs(low) < sampleBound);
  }

  void ended(CompactSpan span) {
    // Made once for every queue, by the first that prepares it.
    ExportedSpan exported = null;
    for (SpanQueue<?> queue : queues) {
      exported = queue.offer(span, exported);
    }
  }

  /** At JVM exit: exports what is queued, waiting a bounded time ({@link SpanQueue#shutdown}). */
  public void shutdown() {
    for (SpanQueue<?> queue : queues) {
      queue.shutdown();
    }
  }
}

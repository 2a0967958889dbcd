package dev.sonde.agent.ui;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The traces the page shows: the {@code capacity} most recent and the {@link #slowestCapacity}
 * slowest since start, assembled from ended spans. A trace is complete when its local root ends
 * (children end first); until then its spans wait, as they are, in a bounded set of pending
 * traces. Only a trace that is kept is copied ({@link KeptSpan}): at most
 * {@link #keptPerSecond} new ones a second, and any that is among the slowest; under load the
 * others are counted and let go, so the page's thread does little more per span than a lookup.
 * Everything is bounded in count and in bytes ({@code maxBytes}, from {@link KeptSpan#bytes};
 * pending spans count {@link #PENDING_SPAN_BYTES} each): past it the oldest traces go first,
 * slow or not.
 *
 * <p>Written by the page's export thread, read by the page's HTTP threads: the methods are
 * synchronized, and no application thread ever calls them.
 */
final class TraceRing {

  static final int MAX_SPANS_PER_TRACE = 500;
  /** What a pending span is taken to hold: it is not copied, so not measured. */
  static final int PENDING_SPAN_BYTES = 2048;

  private final int capacity;
  private final int slowestCapacity;
  private final int keptPerSecond;
  private final long maxBytes;
  private final ArrayDeque<KeptTrace> recent;
  /** Slowest first. */
  private final List<KeptTrace> slowest;
  private final Map<String, KeptTrace> kept = new LinkedHashMap<String, KeptTrace>();
  private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<String, Pending>();
  private long keptBytes;
  private int pendingSpans;
  /** Traces that may still be kept this second, and when that second began. */
  private int allowance;
  private long allowanceSince = Long.MIN_VALUE;
  private long passedOver;

  /** Spans of a trace whose local root has not ended yet. */
  private static final class Pending {
    final List<SpanData> spans = new ArrayList<SpanData>();
    int leftOut;
  }

  TraceRing(int capacity, long maxBytes) {
    this.capacity = capacity;
    this.slowestCapacity = Math.max(1, Math.min(20, capacity / 4));
    this.keptPerSecond = Math.max(10, capacity / 4);
    this.maxBytes = maxBytes;
    this.recent = new ArrayDeque<KeptTrace>(capacity);
    this.slowest = new ArrayList<KeptTrace>(slowestCapacity + 1);
  }

  /** An ended span, at {@code nowNanos} ({@code System.nanoTime()}). */
  synchronized void add(SpanData span, long nowNanos) {
    String traceId = span.getSpanContext().getTraceId();
    KeptTrace trace = kept.get(traceId);
    SpanContext parent = span.getParentSpanContext();
    if (trace != null) {
      // A span that ended after its local root (an async task's): joins the kept trace.
      if (trace.spans.size() < MAX_SPANS_PER_TRACE) {
        KeptSpan late = KeptSpan.of(span);
        trace.spans.add(late);
        trace.bytes += late.bytes;
        keptBytes += late.bytes;
      } else {
        trace.spansLeftOut++;
      }
    } else if (!parent.isValid() || parent.isRemote()) {
      Pending children = pending.remove(traceId);
      if (children != null) {
        pendingSpans -= children.spans.size();
      }
      long duration = span.getEndEpochNanos() - span.getStartEpochNanos();
      // A slow one is kept anyway, but counts.
      boolean allowed = allowed(nowNanos);
      if (amongTheSlowest(duration) || allowed) {
        keep(children == null ? new KeptTrace(KeptSpan.of(span), Collections.<KeptSpan>emptyList(),
            0) : new KeptTrace(KeptSpan.of(span), copies(children.spans), children.leftOut));
      } else {
        passedOver++;
      }
    } else {
      Pending children = pending.get(traceId);
      if (children == null) {
        children = new Pending();
        pending.put(traceId, children);
      }
      if (children.spans.size() < MAX_SPANS_PER_TRACE - 1) {
        children.spans.add(span);
        pendingSpans++;
      } else {
        children.leftOut++;
      }
      // Traces whose root does not end here soon (a request still running, a root that was
      // not sampled) go, oldest first, beyond as many as there are recent traces.
      while (pending.size() > capacity) {
        dropOldestPending();
      }
    }
    trim();
  }

  private static List<KeptSpan> copies(List<SpanData> spans) {
    List<KeptSpan> copies = new ArrayList<KeptSpan>(spans.size());
    for (SpanData span : spans) {
      copies.add(KeptSpan.of(span));
    }
    return copies;
  }

  private boolean amongTheSlowest(long durationNanos) {
    return slowest.size() < slowestCapacity
        || durationNanos > slowest.get(slowest.size() - 1).root.durationNanos;
  }

  /** Whether another trace may be kept this second. */
  private boolean allowed(long nowNanos) {
    if (allowanceSince == Long.MIN_VALUE || nowNanos - allowanceSince >= 1_000_000_000L) {
      allowanceSince = nowNanos;
      allowance = keptPerSecond;
    }
    if (allowance == 0) {
      return false;
    }
    allowance--;
    return true;
  }

  private void keep(KeptTrace trace) {
    recent.addLast(trace);
    trace.inRecent = true;
    kept.put(trace.traceId, trace);
    keptBytes += trace.bytes;
    if (slowest.size() < slowestCapacity
        || trace.root.durationNanos > slowest.get(slowest.size() - 1).root.durationNanos) {
      int at = 0;
      while (at < slowest.size() && slowest.get(at).root.durationNanos >= trace.root.durationNanos) {
        at++;
      }
      slowest.add(at, trace);
      trace.inSlowest = true;
      if (slowest.size() > slowestCapacity) {
        KeptTrace out = slowest.remove(slowest.size() - 1);
        out.inSlowest = false;
        forgetIfUnused(out);
      }
    }
    if (recent.size() > capacity) {
      KeptTrace out = recent.removeFirst();
      out.inRecent = false;
      forgetIfUnused(out);
    }
  }

  /**
   * Within the bytes: pending spans take at most a quarter, then the oldest kept trace goes,
   * recent or slowest.
   */
  private void trim() {
    while (keptBytes + (long) pendingSpans * PENDING_SPAN_BYTES > maxBytes) {
      if (((long) pendingSpans * PENDING_SPAN_BYTES > maxBytes / 4 || kept.isEmpty())
          && !pending.isEmpty()) {
        dropOldestPending();
      } else if (!kept.isEmpty()) {
        KeptTrace oldest = kept.values().iterator().next();
        recent.remove(oldest);
        slowest.remove(oldest);
        oldest.inRecent = false;
        oldest.inSlowest = false;
        forgetIfUnused(oldest);
      } else {
        return;
      }
    }
  }

  private void dropOldestPending() {
    Iterator<Pending> oldest = pending.values().iterator();
    pendingSpans -= oldest.next().spans.size();
    oldest.remove();
  }

  private void forgetIfUnused(KeptTrace trace) {
    if (!trace.inRecent && !trace.inSlowest) {
      kept.remove(trace.traceId);
      keptBytes -= trace.bytes;
    }
  }

  /** The most recent first. */
  synchronized List<KeptTrace> recent() {
    List<KeptTrace> newestFirst = new ArrayList<KeptTrace>(recent);
    Collections.reverse(newestFirst);
    return newestFirst;
  }

  /** The slowest first. */
  synchronized List<KeptTrace> slowest() {
    return new ArrayList<KeptTrace>(slowest);
  }

  /** A kept trace's spans, as of now; null when the trace is not kept. */
  synchronized List<KeptSpan> spans(String traceId) {
    KeptTrace trace = kept.get(traceId);
    return trace == null ? null : new ArrayList<KeptSpan>(trace.spans);
  }

  synchronized KeptTrace trace(String traceId) {
    return kept.get(traceId);
  }

  /** Bytes held by kept and pending traces, as {@link KeptSpan#bytes} estimates them. */
  synchronized long bytes() {
    return keptBytes + (long) pendingSpans * PENDING_SPAN_BYTES;
  }

  /** Traces let go because more than {@link #keptPerSecond} ended in a second. */
  synchronized long passedOver() {
    return passedOver;
  }

  synchronized int pendingTraces() {
    return pending.size();
  }
}

package dev.sonde.agent.ui;

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
 * (children end first); until then its spans wait in a bounded set of pending traces. Everything
 * is bounded in count and in bytes ({@code maxBytes}, from {@link KeptSpan#bytes}): past it the
 * oldest traces go first, slow or not.
 *
 * <p>Written by the page's export thread, read by the page's HTTP threads: the methods are
 * synchronized, and no application thread ever calls them.
 */
final class TraceRing {

  static final int MAX_SPANS_PER_TRACE = 500;

  private final int capacity;
  private final int slowestCapacity;
  private final long maxBytes;
  private final ArrayDeque<KeptTrace> recent;
  /** Slowest first. */
  private final List<KeptTrace> slowest;
  private final Map<String, KeptTrace> kept = new LinkedHashMap<String, KeptTrace>();
  private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<String, Pending>();
  private long keptBytes;
  private long pendingBytes;

  /** Spans of a trace whose local root has not ended yet. */
  private static final class Pending {
    final List<KeptSpan> spans = new ArrayList<KeptSpan>();
    int bytes;
    int leftOut;
  }

  TraceRing(int capacity, long maxBytes) {
    this.capacity = capacity;
    this.slowestCapacity = Math.max(1, Math.min(20, capacity / 4));
    this.maxBytes = maxBytes;
    this.recent = new ArrayDeque<KeptTrace>(capacity);
    this.slowest = new ArrayList<KeptTrace>(slowestCapacity + 1);
  }

  synchronized void add(KeptSpan span) {
    KeptTrace trace = kept.get(span.traceId);
    if (trace != null) {
      // A span that ended after its local root (an async task's): joins the kept trace.
      if (trace.spans.size() < MAX_SPANS_PER_TRACE) {
        trace.spans.add(span);
        trace.bytes += span.bytes;
        keptBytes += span.bytes;
      } else {
        trace.spansLeftOut++;
      }
    } else if (span.localRoot) {
      Pending children = pending.remove(span.traceId);
      if (children != null) {
        pendingBytes -= children.bytes;
        keep(new KeptTrace(span, children.spans, children.bytes, children.leftOut));
      } else {
        keep(new KeptTrace(span, Collections.<KeptSpan>emptyList(), 0, 0));
      }
    } else {
      Pending children = pending.get(span.traceId);
      if (children == null) {
        children = new Pending();
        pending.put(span.traceId, children);
      }
      if (children.spans.size() < MAX_SPANS_PER_TRACE - 1) {
        children.spans.add(span);
        children.bytes += span.bytes;
        pendingBytes += span.bytes;
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
    while (keptBytes + pendingBytes > maxBytes) {
      if ((pendingBytes > maxBytes / 4 || kept.isEmpty()) && !pending.isEmpty()) {
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
    pendingBytes -= oldest.next().bytes;
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
    return keptBytes + pendingBytes;
  }

  synchronized int pendingTraces() {
    return pending.size();
  }
}

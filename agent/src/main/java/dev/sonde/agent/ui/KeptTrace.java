package dev.sonde.agent.ui;

import java.util.ArrayList;
import java.util.List;

/**
 * This process's part of one trace: the spans under its local root (the server span of a
 * request, the consumer span of a message, a root span), in the order they ended.
 */
final class KeptTrace {

  final String traceId;
  final KeptSpan root;
  final List<KeptSpan> spans;
  int bytes;
  /** Spans of the trace not kept (beyond {@link TraceRing#MAX_SPANS_PER_TRACE}). */
  int spansLeftOut;
  boolean inRecent;
  boolean inSlowest;

  KeptTrace(KeptSpan root, List<KeptSpan> children, int childrenLeftOut) {
    this.traceId = root.traceId;
    this.root = root;
    this.spans = new ArrayList<KeptSpan>(children.size() + 1);
    this.spans.addAll(children);
    this.spans.add(root);
    int size = 0;
    for (KeptSpan span : spans) {
      size += span.bytes;
    }
    this.bytes = size;
    this.spansLeftOut = childrenLeftOut;
  }

  boolean hasError() {
    for (KeptSpan span : spans) {
      if (span.error) {
        return true;
      }
    }
    return false;
  }
}

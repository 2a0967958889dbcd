package dev.sonde.agent.ui;

import dev.sonde.agent.json.JsonNumbers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What {@code /api/traces} and {@code /api/traces/<id>} answer, as maps for {@code JsonText}. */
final class PageJson {

  private PageJson() {}

  /** {@code {recent: [...], slowest: [...]}}, each trace as {@link #traceSummary}. */
  static Map<String, Object> traces(TraceRing ring) {
    Map<String, Object> json = new LinkedHashMap<String, Object>();
    json.put("recent", summaries(ring.recent()));
    json.put("slowest", summaries(ring.slowest()));
    return json;
  }

  private static List<Map<String, Object>> summaries(List<KeptTrace> traces) {
    List<Map<String, Object>> json = new ArrayList<Map<String, Object>>(traces.size());
    for (KeptTrace trace : traces) {
      json.add(traceSummary(trace, trace.spans.size()));
    }
    return json;
  }

  /** A trace's line in a list: its id, its root's name, kind, start and duration, spans, error. */
  static Map<String, Object> traceSummary(KeptTrace trace, int spans) {
    Map<String, Object> json = new LinkedHashMap<String, Object>();
    json.put("trace_id", trace.traceId);
    json.put("name", trace.root.name);
    json.put("kind", trace.root.kind);
    json.put("start_ms", TimeUnit.NANOSECONDS.toMillis(trace.root.startEpochNanos));
    json.put("duration_ms", JsonNumbers.millis(trace.root.durationNanos));
    json.put("spans", spans);
    json.put("error", trace.hasError());
    return json;
  }

  /**
   * One trace with its spans, by start time, each with its offset from the trace's first start:
   * the waterfall.
   */
  static Map<String, Object> trace(KeptTrace trace, List<KeptSpan> spans) {
    List<KeptSpan> byStart = new ArrayList<KeptSpan>(spans);
    Collections.sort(byStart, new Comparator<KeptSpan>() {
      @Override
      public int compare(KeptSpan a, KeptSpan b) {
        return a.startEpochNanos < b.startEpochNanos ? -1
            : a.startEpochNanos > b.startEpochNanos ? 1 : 0;
      }
    });
    long first = byStart.isEmpty() ? 0 : byStart.get(0).startEpochNanos;
    Map<String, Object> json = traceSummary(trace, spans.size());
    json.put("spans_left_out", trace.spansLeftOut);
    List<Map<String, Object>> list = new ArrayList<Map<String, Object>>(byStart.size());
    for (KeptSpan span : byStart) {
      list.add(span(span, first));
    }
    json.put("span_list", list);
    return json;
  }

  static Map<String, Object> span(KeptSpan span, long traceStartEpochNanos) {
    Map<String, Object> json = new LinkedHashMap<String, Object>();
    json.put("span_id", span.spanId);
    json.put("parent_id", span.parentId);
    json.put("local_root", span.localRoot);
    json.put("kind", span.kind);
    json.put("name", span.name);
    json.put("offset_ms", JsonNumbers.millis(span.startEpochNanos - traceStartEpochNanos));
    json.put("duration_ms", JsonNumbers.millis(span.durationNanos));
    json.put("error", span.error);
    json.put("error_text", span.errorText);
    Map<String, Object> attributes = new LinkedHashMap<String, Object>();
    for (int i = 0; i < span.keys.length; i++) {
      attributes.put(span.keys[i], span.values[i]);
    }
    json.put("attributes", attributes);
    return json;
  }
}

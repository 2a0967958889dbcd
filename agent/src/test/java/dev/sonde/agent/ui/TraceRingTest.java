package dev.sonde.agent.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The ring keeps whole traces, the most recent and the slowest, within its count, its rate and
 * its bytes.
 */
class TraceRingTest {

  private static final long PLENTY = 1L << 30;
  private static final long SECOND = 1_000_000_000L;

  private static SpanData root(int trace, long durationMillis) {
    return Spans.root(trace, "GET /t/{id}", 1000L * trace, durationMillis, false,
        Attributes.empty());
  }

  private static SpanData child(int trace, int span, String name) {
    return Spans.span(trace, span, 1, SpanKind.CLIENT, name, 1000L * trace + 1, 1, false,
        Attributes.of(AttributeKey.stringKey("db.query.text"),
            "SELECT id FROM items WHERE id = ?"));
  }

  /** Each trace a second after the one before: the rate never holds one back. */
  private static void addInItsOwnSecond(TraceRing ring, int trace, SpanData span) {
    ring.add(span, trace * SECOND);
  }

  @Test
  void aTraceIsKeptWhenItsLocalRootEndsWithTheChildrenThatEndedBefore() {
    TraceRing ring = new TraceRing(10, PLENTY);
    ring.add(child(7, 2, "SELECT items"), 0);
    ring.add(child(7, 3, "SELECT orders"), 0);

    assertThat(ring.recent()).isEmpty();
    assertThat(ring.pendingTraces()).isEqualTo(1);

    ring.add(root(7, 5), 0);

    assertThat(ring.pendingTraces()).isZero();
    assertThat(ring.recent()).singleElement().satisfies(trace -> {
      assertThat(trace.traceId).isEqualTo(Spans.traceId(7));
      assertThat(trace.root.name).isEqualTo("GET /t/{id}");
    });
    assertThat(ring.spans(Spans.traceId(7))).extracting(s -> s.name)
        .containsExactly("SELECT items", "SELECT orders", "GET /t/{id}");
  }

  @Test
  void aSpanEndingAfterItsRootJoinsTheKeptTrace() {
    TraceRing ring = new TraceRing(10, PLENTY);
    ring.add(root(3, 5), 0);
    ring.add(child(3, 9, "async work"), 0);

    assertThat(ring.spans(Spans.traceId(3))).extracting(s -> s.name)
        .containsExactly("GET /t/{id}", "async work");
  }

  @Test
  void theRecentAreTheLastCapacityTracesNewestFirstAndTheSlowestSurviveThem() {
    TraceRing ring = new TraceRing(8, PLENTY);
    // Trace 2 is the slowest of all; it leaves the recent traces but stays among the slowest.
    for (int trace = 1; trace <= 20; trace++) {
      addInItsOwnSecond(ring, trace, root(trace, trace == 2 ? 900 : trace));
    }

    assertThat(ring.recent()).extracting(t -> t.traceId).containsExactly(
        Spans.traceId(20), Spans.traceId(19), Spans.traceId(18), Spans.traceId(17),
        Spans.traceId(16), Spans.traceId(15), Spans.traceId(14), Spans.traceId(13));
    // 8 / 4 = 2 slowest kept.
    assertThat(ring.slowest()).extracting(t -> t.traceId)
        .containsExactly(Spans.traceId(2), Spans.traceId(20));
    assertThat(ring.trace(Spans.traceId(2))).as("still served").isNotNull();
    assertThat(ring.trace(Spans.traceId(5))).as("forgotten").isNull();
  }

  @Test
  void atMostAQuarterOfTheCapacityOfNewTracesIsKeptASecondButASlowOneAlwaysIs() {
    TraceRing ring = new TraceRing(200, PLENTY);
    // Slow ones first, to fill the slowest: the rest are no slower.
    for (int trace = 1; trace <= 20; trace++) {
      ring.add(root(trace, 1000), 0);
    }
    for (int trace = 21; trace <= 1000; trace++) {
      ring.add(root(trace, 5), 10);
    }
    // Kept in the same second: 50 (200 / 4) in all, the 20 slow ones included.
    assertThat(ring.recent()).hasSize(50);
    assertThat(ring.passedOver()).isEqualTo(950);

    ring.add(root(1001, 5), SECOND + 10);
    ring.add(root(1002, 2000), SECOND + 20);
    assertThat(ring.recent()).extracting(t -> t.traceId).startsWith(Spans.traceId(1002),
        Spans.traceId(1001));
    assertThat(ring.slowest().get(0).traceId).isEqualTo(Spans.traceId(1002));
  }

  @Test
  void theBytesKeptStayWithinTheBoundOldestTracesGoingFirst() {
    long perTrace = KeptSpan.of(root(1, 1)).bytes + 3L * KeptSpan.of(child(1, 2, "SELECT items"))
        .bytes;
    // Pending spans may take a quarter: room for the next trace's three children.
    long bound = perTrace * 5 + perTrace / 2 + 4 * 3L * TraceRing.PENDING_SPAN_BYTES;
    TraceRing ring = new TraceRing(1000, bound);
    for (int trace = 1; trace <= 100; trace++) {
      for (int span = 2; span <= 4; span++) {
        addInItsOwnSecond(ring, trace, child(trace, span, "SELECT items"));
      }
      addInItsOwnSecond(ring, trace, root(trace, trace % 7));
      assertThat(ring.bytes()).isLessThanOrEqualTo(bound);
    }

    assertThat(ring.recent()).hasSizeBetween(5, (int) (bound / perTrace))
        .allSatisfy(trace -> assertThat(trace.spans).hasSize(4))
        .first().extracting(t -> t.traceId).isEqualTo(Spans.traceId(100));
  }

  @Test
  void tracesWhoseRootNeverEndsArePendingWithinTheBoundsOldestDroppedFirst() {
    TraceRing ring = new TraceRing(4, PLENTY);
    for (int trace = 1; trace <= 50; trace++) {
      ring.add(child(trace, 2, "SELECT items"), 0);
    }

    assertThat(ring.pendingTraces()).isEqualTo(4);
    assertThat(ring.bytes()).isEqualTo(4L * TraceRing.PENDING_SPAN_BYTES);
    ring.add(root(50, 1), 0);
    ring.add(root(1, 1), 0);
    assertThat(ring.spans(Spans.traceId(50))).hasSize(2);
    assertThat(ring.spans(Spans.traceId(1))).as("its child was dropped").hasSize(1);
  }

  @Test
  void aTraceKeepsAtMostItsSpanBoundAndCountsTheRest() {
    TraceRing ring = new TraceRing(4, PLENTY);
    int children = TraceRing.MAX_SPANS_PER_TRACE + 20;
    for (int span = 2; span < 2 + children; span++) {
      ring.add(child(9, span, "SELECT items"), 0);
    }
    ring.add(root(9, 1), 0);

    KeptTrace trace = ring.trace(Spans.traceId(9));
    assertThat(trace.spans).hasSize(TraceRing.MAX_SPANS_PER_TRACE);
    assertThat(trace.spansLeftOut).isEqualTo(children + 1 - TraceRing.MAX_SPANS_PER_TRACE);
  }

  @Test
  void aKeptSpansValuesAreCutSoThatItsSizeIsBounded() {
    char[] text = new char[100_000];
    Arrays.fill(text, 'x');
    KeptSpan span = KeptSpan.of(Spans.root(1, new String(text), 0, 1, false,
        Attributes.of(AttributeKey.stringKey("db.query.text"), new String(text))));

    assertThat(span.name).hasSize(KeptSpan.MAX_VALUE_LENGTH + 1);
    assertThat(span.values[0]).hasSize(KeptSpan.MAX_VALUE_LENGTH + 1);
    assertThat(span.bytes).isLessThan(4 * 2 * (KeptSpan.MAX_VALUE_LENGTH + 1) + 1000);
  }
}

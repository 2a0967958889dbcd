package dev.sonde.instrumentation.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.impl.LongStringHelper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageHeadersTest {

  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String SPAN = "b7ad6b7169203331";
  private static final String TRACEPARENT = "00-" + TRACE + "-" + SPAN + "-01";

  private static Context withSpan(TraceState state) {
    return Context.root().with(Span.wrap(
        SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), state)));
  }

  @Test
  void injectsIntoANewMapWhenThereAreNoHeaders() {
    Map<String, Object> headers = MessageHeaders.inject(null, withSpan(TraceState.getDefault()));
    assertThat(headers).containsOnly(Map.entry("traceparent", TRACEPARENT));
  }

  @Test
  void keepsEveryApplicationHeaderAndNeverChangesTheApplicationsMap() {
    Map<String, Object> app = Map.of("app", "kept", "n", 42);
    Map<String, Object> headers = MessageHeaders.inject(app,
        withSpan(TraceState.builder().put("vendor", "x").build()));
    assertThat(headers).containsEntry("app", "kept").containsEntry("n", 42)
        .containsEntry("traceparent", TRACEPARENT).containsEntry("tracestate", "vendor=x")
        .hasSize(4);
    assertThat(app).hasSize(2);
    assertThat(headers).isNotSameAs(app);
  }

  @Test
  void leavesTheApplicationsOwnTraceparent() {
    Map<String, Object> app = new HashMap<>();
    app.put("traceparent", "00-11111111111111111111111111111111-2222222222222222-01");
    assertThat(MessageHeaders.inject(app, withSpan(TraceState.getDefault()))).isNull();
    assertThat(app).hasSize(1);
  }

  @Test
  void injectsNothingWithoutASpan() {
    assertThat(MessageHeaders.inject(Map.of("a", "b"), Context.root())).isNull();
  }

  @Test
  void extractsFromLongStringsStringsAndBytes() {
    for (Object value : new Object[] {TRACEPARENT, LongStringHelper.asLongString(TRACEPARENT),
        TRACEPARENT.getBytes(StandardCharsets.UTF_8)}) {
      Map<String, Object> headers = new HashMap<>();
      headers.put("traceparent", value);
      headers.put("tracestate", LongStringHelper.asLongString("vendor=x"));
      SpanContext parent = Span.fromContext(MessageHeaders.extract(Context.root(), headers))
          .getSpanContext();
      assertThat(parent.isRemote()).isTrue();
      assertThat(parent.getTraceId()).isEqualTo(TRACE);
      assertThat(parent.getSpanId()).isEqualTo(SPAN);
      assertThat(parent.getTraceState().get("vendor")).isEqualTo("x");
    }
  }

  @Test
  void noOrBrokenTraceparentGivesTheBase() {
    Context base = Context.root();
    assertThat(MessageHeaders.extract(base, null)).isSameAs(base);
    assertThat(MessageHeaders.extract(base, Map.of("other", "x"))).isSameAs(base);
    assertThat(Span.fromContext(MessageHeaders.extract(base, Map.of("traceparent", "garbage")))
        .getSpanContext().isValid()).isFalse();
  }
}

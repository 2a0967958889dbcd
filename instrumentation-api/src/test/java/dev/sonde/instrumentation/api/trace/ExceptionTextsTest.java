package dev.sonde.instrumentation.api.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.api.trace.Span;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An exception's texts through a filter: the messages are filtered, the frames never. */
class ExceptionTextsTest {

  private final List<String> seen = new ArrayList<>();
  private final ExceptionTextFilter upper = text -> {
    seen.add(text);
    return text.toUpperCase();
  };

  @Test
  void eachRunOfMessageLinesIsFilteredAsOneTextAndFramesAreKept() {
    String trace = "org.postgresql.util.PSQLException: ERROR: bad \"4111\n"
        + "1111\"\n"
        + "  Position: 35\n"
        + "\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2733)\n"
        + "\tat app.Main.main(Main.java:10)\n"
        + "Caused by: java.io.IOException: lost\n"
        + "\tat app.Main.io(Main.java:12)\n"
        + "\t... 1 more\n";

    String filtered = ExceptionTexts.filterStackTrace(trace, upper);

    assertThat(seen).containsExactly(
        "org.postgresql.util.PSQLException: ERROR: bad \"4111\n1111\"\n  Position: 35\n",
        "Caused by: java.io.IOException: lost\n");
    assertThat(filtered).isEqualTo("ORG.POSTGRESQL.UTIL.PSQLEXCEPTION: ERROR: BAD \"4111\n"
        + "1111\"\n"
        + "  POSITION: 35\n"
        + "\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2733)\n"
        + "\tat app.Main.main(Main.java:10)\n"
        + "CAUSED BY: JAVA.IO.IOEXCEPTION: LOST\n"
        + "\tat app.Main.io(Main.java:12)\n"
        + "\t... 1 more\n");
  }

  @Test
  void aMessageLineThatOnlyLooksLikeAFrameStartIsStillAMessage() {
    assertThat(ExceptionTexts.isFrame("\tat app.Main.main(Main.java:10)", 0, 31)).isTrue();
    assertThat(ExceptionTexts.isFrame("  at position 35", 0, 16)).isFalse();
    assertThat(ExceptionTexts.isFrame("\t... 12 more", 0, 12)).isTrue();
    assertThat(ExceptionTexts.isFrame("... and more to come", 0, 20)).isFalse();
  }

  @Test
  void onASpanThatCannotDeferTheEventIsMadeNowWithTheSdksAttributesFiltered() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    Span span = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
        .build().get("test").spanBuilder("x").startSpan();

    ExceptionTexts.record(span, new IllegalStateException("secret 42"), upper);
    span.end();

    EventData event = exporter.getFinishedSpanItems().get(0).getEvents().get(0);
    assertThat(event.getName()).isEqualTo("exception");
    Attributes attributes = event.getAttributes();
    assertThat(attributes.get(ExceptionTexts.TYPE)).isEqualTo("java.lang.IllegalStateException");
    assertThat(attributes.get(ExceptionTexts.MESSAGE)).isEqualTo("SECRET 42");
    assertThat(attributes.get(ExceptionTexts.STACKTRACE))
        .startsWith("JAVA.LANG.ILLEGALSTATEEXCEPTION: SECRET 42")
        .contains("\tat dev.sonde.instrumentation.api.trace.ExceptionTextsTest.");
  }

  @Test
  void anExceptionWhoseMessageThrowsKeepsItsTypeAndStackTrace() {
    RuntimeException hostile = new RuntimeException() {
      @Override
      public String getMessage() {
        throw new UnsupportedOperationException();
      }

      @Override
      public String toString() {
        return "hostile";
      }
    };
    Attributes attributes = ExceptionTexts.attributes(hostile, upper, Attributes.empty());
    assertThat(attributes.get(ExceptionTexts.MESSAGE)).isNull();
    assertThat(attributes.get(ExceptionTexts.STACKTRACE)).startsWith("HOSTILE");
  }
}

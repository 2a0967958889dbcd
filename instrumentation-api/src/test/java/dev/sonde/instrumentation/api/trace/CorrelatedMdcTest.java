package dev.sonde.instrumentation.api.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A log event's MDC with the correlation fields: read like a map, never copied, never written. */
class CorrelatedMdcTest {

  private static final String[] FIELDS = {"trace_id", "4bf92f3577b34da6a3ce929d0e0e4736",
      "span_id", "00f067aa0ba902b7", "trace_flags", "01", "request_id", "req-1"};

  @Test
  void readsTheFieldsAndTheApplicationsEntries() {
    Map<String, String> mdc = Map.of("user", "alice");

    Map<String, String> view = new CorrelatedMdc(mdc, FIELDS);

    assertThat(view).containsExactlyInAnyOrderEntriesOf(Map.of(
        "user", "alice", "trace_id", "4bf92f3577b34da6a3ce929d0e0e4736",
        "span_id", "00f067aa0ba902b7", "trace_flags", "01", "request_id", "req-1"));
    assertThat(view.get("span_id")).isEqualTo("00f067aa0ba902b7");
    assertThat(view.get("absent")).isNull();
    assertThat(view).hasSize(5);
  }

  @Test
  void aValueTheApplicationSetWinsOverTheField() {
    Map<String, String> mdc = new LinkedHashMap<>();
    mdc.put("request_id", "app-7");

    Map<String, String> view = new CorrelatedMdc(mdc, FIELDS);

    assertThat(view.get("request_id")).isEqualTo("app-7");
    assertThat(view).hasSize(4).containsEntry("request_id", "app-7");
    assertThat(view.entrySet()).hasSize(4);
  }

  @Test
  void noApplicationMdcIsJustTheFields() {
    Map<String, String> view = new CorrelatedMdc(null, FIELDS);

    assertThat(view).hasSize(4).containsEntry("trace_flags", "01");
  }

  @Test
  void isReadOnly() {
    Map<String, String> view = new CorrelatedMdc(new HashMap<>(), FIELDS);

    assertThatThrownBy(() -> view.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> view.entrySet().iterator().remove())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void serializesAsAPlainHashMapAJvmWithoutTheAgentCanRead() throws Exception {
    Map<String, String> view = new CorrelatedMdc(Map.of("user", "alice"), FIELDS);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(view);
    }
    Object read;
    try (ObjectInputStream in = new ObjectInputStream(
        new ByteArrayInputStream(bytes.toByteArray()))) {
      read = in.readObject();
    }

    assertThat(read).isExactlyInstanceOf(HashMap.class).isEqualTo(view);
  }
}

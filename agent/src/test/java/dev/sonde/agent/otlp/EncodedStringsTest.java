package dev.sonde.agent.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedStringsTest {

  private final EncodedStrings strings = new EncodedStrings();

  @Test
  void aStringSeenAgainGivesItsEncodingWithoutEncodingAgain() {
    String sql = "SELECT id, name FROM users WHERE id = ?";

    byte[] first = strings.utf8(sql);

    assertThat(first).isEqualTo(sql.getBytes(StandardCharsets.UTF_8));
    assertThat(strings.utf8(sql)).isSameAs(first);
  }

  @Test
  void everyStringIsEncodedAsUtf8WhateverItsSlotHeldBefore() {
    // Far more strings than slots: every slot is overwritten many times, and strings equal in
    // content but distinct objects each get their own, correct, bytes.
    List<String> values = new ArrayList<String>();
    for (int i = 0; i < 5000; i++) {
      values.add(new String("value-" + (i % 700) + (i % 3 == 0 ? "-é€𝄞" : "")));
    }
    values.add("");
    StringBuilder longText = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      longText.append('x');
    }
    values.add(longText.toString());

    for (int round = 0; round < 2; round++) {
      for (String value : values) {
        assertThat(new String(strings.utf8(value), StandardCharsets.UTF_8)).isEqualTo(value);
      }
    }
  }
}

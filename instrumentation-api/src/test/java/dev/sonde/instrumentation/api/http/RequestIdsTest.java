package dev.sonde.instrumentation.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

  @Test
  void echoesASafeIncomingId() {
    assertThat(RequestIds.acceptOrGenerate("abc-123")).isEqualTo("abc-123");
  }

  @Test
  void replacesIdsThatCouldInjectHeadersOrLogLinesOrAreTooLong() {
    assertThat(RequestIds.acceptOrGenerate("abc\r\nSet-Cookie: x=1")).doesNotContain("\n");
    assertThat(RequestIds.acceptOrGenerate("has space")).isNotEqualTo("has space");
    assertThat(RequestIds.acceptOrGenerate("x".repeat(129))).hasSize(36);
    assertThat(RequestIds.acceptOrGenerate("")).hasSize(36);
  }

  @Test
  void generatesVersion4Uuids() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String id = RequestIds.generate();
      UUID uuid = UUID.fromString(id);
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
      assertThat(uuid.toString()).isEqualTo(id);
      seen.add(id);
    }
    assertThat(seen).hasSize(1000);
  }
}

package dev.sonde.instrumentation.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTemplateTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "/users/42, /users/{id}",
      "/users/42/orders/7, /users/{id}/orders/{id}",
      "/users/3f2b8c1e-9a4d-4c7b-8e2f-0a1b2c3d4e5f, /users/{id}",
      "/blobs/0123456789abcdef0123, /blobs/{id}",
      "/blobs/cafe, /blobs/cafe",
      "/health, /health",
      "/, /",
      "/users/42/, /users/{id}/",
      "/v2/items, /v2/items",
      "/users/42;jsessionid=ABC123, /users/{id}",
      "/a;x=1/b, /a/b",
      "/users/not-an-id, /users/not-an-id",
  })
  void replacesIdSegmentsOnly(String path, String expected) {
    assertThat(RouteTemplate.of(path)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void returnsThePathItselfWhenNothingChanges() {
    String path = "/api/orders/recent";
    assertThat(RouteTemplate.of(path)).isSameAs(path);
  }

  @org.junit.jupiter.api.Test
  void emptyOrMissingPathIsRoot() {
    assertThat(RouteTemplate.of("")).isEqualTo("/");
    assertThat(RouteTemplate.of(null)).isEqualTo("/");
  }
}

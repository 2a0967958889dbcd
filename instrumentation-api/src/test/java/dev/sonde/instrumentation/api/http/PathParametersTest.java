package dev.sonde.instrumentation.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathParametersTest {

  @Test
  void aPathWithoutParametersIsTheSameString() {
    String path = "/vets/42";
    assertThat(PathParameters.strip(path)).isSameAs(path);
    assertThat(PathParameters.strip(null)).isNull();
  }

  @Test
  void everySegmentsParametersAreRemoved() {
    assertThat(PathParameters.strip("/vets;jsessionid=7F3A9C01B2")).isEqualTo("/vets");
    assertThat(PathParameters.strip("/a;x=1/b;y=2;z=3/c")).isEqualTo("/a/b/c");
    assertThat(PathParameters.strip("/;jsessionid=1")).isEqualTo("/");
  }
}

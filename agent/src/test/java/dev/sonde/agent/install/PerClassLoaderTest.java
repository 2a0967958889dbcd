package dev.sonde.agent.install;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PerClassLoaderTest {

  private final PerClassLoader<Object> values = new PerClassLoader<Object>(1, "boot") {
    @Override
    Object create() {
      return new Object();
    }
  };

  @Test
  void aLoaderKeepsTheValueItGotFirst() {
    ClassLoader loader = new ClassLoader(null) { };

    assertThat(values.of(loader)).isSameAs(values.of(loader));
  }

  @Test
  void theBootLoaderHasItsOwn() {
    assertThat(values.of(null)).isEqualTo("boot");
  }

  @Test
  void pastTheBoundALoaderGetsAFreshValueEachTime() {
    ClassLoader first = new ClassLoader(null) { };
    ClassLoader second = new ClassLoader(null) { };
    Object kept = values.of(first);

    assertThat(values.of(second)).isNotSameAs(values.of(second));
    assertThat(values.of(first)).isSameAs(kept);
  }
}

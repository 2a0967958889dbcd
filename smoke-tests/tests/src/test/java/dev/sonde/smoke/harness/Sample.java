package dev.sonde.smoke.harness;

import java.util.Map;

/** One line of a Prometheus text exposition: {@code name{labels} value}. */
public record Sample(String name, Map<String, String> labels, double value) {

  @Override
  public String toString() {
    return name + labels + " " + value;
  }
}

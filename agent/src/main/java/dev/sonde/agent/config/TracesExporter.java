package dev.sonde.agent.config;

import dev.sonde.instrumentation.api.config.Config;
import java.util.Locale;

/**
 * {@code sonde.traces.exporter} (alias {@code otel.traces.exporter}): a comma-separated list of
 * {@code otlp}, {@code console} (or {@code logging}, the OpenTelemetry agent's name for it) and
 * {@code none}. A list naming anything else is invalid: one WARN, and the default {@code otlp}.
 */
public final class TracesExporter {

  public static final String KEY = "sonde.traces.exporter";
  public static final String ALIAS = "otel.traces.exporter";

  /** Spans go to the OTLP endpoint. */
  public final boolean otlp;
  /** Spans go to stderr, one line each ({@code ConsoleSpanExport}). */
  public final boolean console;

  TracesExporter(boolean otlp, boolean console) {
    this.otlp = otlp;
    this.console = console;
  }

  static TracesExporter parse(Config config) {
    String value = config.raw(KEY, ALIAS);
    if (value == null) {
      return new TracesExporter(true, false);
    }
    boolean otlp = false;
    boolean console = false;
    for (String part : value.split(",")) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (name.equals("otlp")) {
        otlp = true;
      } else if (name.equals("console") || name.equals("logging")) {
        console = true;
      } else if (!name.equals("none")) {
        return config.invalid(KEY, value, "otlp, console (or logging), none, or a list such as"
            + " otlp,console", new TracesExporter(true, false));
      }
    }
    return new TracesExporter(otlp, console);
  }

  /** Whether spans go anywhere. */
  public boolean any() {
    return otlp || console;
  }

  /** {@code otlp}, {@code console}, {@code otlp,console} or {@code none}. */
  @Override
  public String toString() {
    return otlp && console ? "otlp,console" : otlp ? "otlp" : console ? "console" : "none";
  }
}

package dev.sonde.instrumentation.api;

import java.util.Collections;
import java.util.List;

/**
 * One library family the agent instruments: what to match, the advice to inline, the library
 * shape that advice needs, and the recorder that does the work on the agent side.
 *
 * <p>Modules are found with {@link java.util.ServiceLoader} in the agent's class loader: adding a
 * library means adding a module under {@code instrumentations/} with a
 * {@code META-INF/services/dev.sonde.instrumentation.api.InstrumentationModule} entry, not editing
 * the agent. {@code sonde.instrumentation.<name>.enabled=false} turns a module off.
 */
public interface InstrumentationModule {

  /** Short name, as in {@code sonde.instrumentation.<name>.enabled}. */
  String name();

  /**
   * What the advice needs from the library. Checked once per class loader before any class of
   * that loader is transformed: when the library is present in another shape (another major
   * version), the module is skipped there with one log line instead of failing at run time.
   */
  LibraryShape shape();

  /** The classes and methods to transform, and the advice for each. */
  List<TypeInstrumentation> typeInstrumentations();

  /**
   * The JDK classes ({@code java.*}, {@code jdk.*}, {@code sun.*}) among this module's types, by
   * name. The agent leaves every other JDK class alone without matching it, which keeps start-up
   * fast and keeps the agent's own JDK calls out of the advice.
   */
  default List<String> jdkClasses() {
    return Collections.emptyList();
  }

  /** Installs this module's recorder into its bootstrap hook, once the agent's telemetry is ready. */
  void start(Telemetry telemetry);
}

package dev.sonde.agent.install;

import dev.sonde.instrumentation.api.diagnostics.AgentLog;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Retransforms the classes loaded before the transformer was registered: the agent installs it
 * from a background thread while the application starts, and a late attach finds everything
 * loaded.
 */
final class LoadedClasses {

  private LoadedClasses() {}

  /**
   * The pass repeats until it finds no class it has not seen: a class whose loading began before
   * the transformer was registered, but that was not yet among the loaded classes when they were
   * listed, would otherwise be missed for good (the suspected cause of one smoke run on JDK 25
   * whose RabbitMQ ChannelN stayed uninstrumented).
   */
  static void retransform(Instrumentation instrumentation, AdviceTransformer transformer) {
    Set<Class<?>> seen = Collections.newSetFromMap(new IdentityHashMap<Class<?>, Boolean>());
    while (true) {
      List<Class<?>> matched = new ArrayList<Class<?>>();
      boolean found = false;
      for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
        if (seen.add(loaded)) {
          found = true;
          if (instrumentation.isModifiableClass(loaded) && transforms(transformer, loaded)) {
            matched.add(loaded);
          }
        }
      }
      if (!found) {
        return;
      }
      retransform(instrumentation, matched);
    }
  }

  private static boolean transforms(AdviceTransformer transformer, Class<?> loaded) {
    try {
      return transformer.transforms(loaded);
    } catch (Throwable t) {
      // No class file to read (generated at run time, say): nothing a module could match.
      AgentLog.debug("Could not match loaded class " + loaded.getName() + ": " + t);
      return false;
    }
  }

  /** All at once; when that fails, one by one, so that one class cannot keep the others out. */
  private static void retransform(Instrumentation instrumentation, List<Class<?>> classes) {
    if (classes.isEmpty()) {
      return;
    }
    try {
      instrumentation.retransformClasses(classes.toArray(new Class<?>[0]));
    } catch (Throwable all) {
      for (Class<?> each : classes) {
        try {
          instrumentation.retransformClasses(each);
        } catch (Throwable t) {
          TransformLog.failed(each.getName(), t);
        }
      }
    }
  }
}

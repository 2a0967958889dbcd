package dev.sonde.agent.install;

import dev.sonde.instrumentation.api.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Every advice class resolved once per class loader. The advice's signatures name library types
 * (a {@code HttpServletRequest} argument), which only the application's loader can describe, so
 * an advice class is resolved in each loader it is inlined into; Byte Buddy's
 * {@code AgentBuilder} did so again for every class it transformed, parsing each advice class and
 * the types it names each time.
 */
final class AdviceCache {

  private static final int MAX_LOADERS = 1024;

  private final List<TypeInstrumentation> instrumentations;
  private final ClassFileLocator agentClasses;
  /**
   * Its own descriptions: types found through the agent's loader must never stand in for the
   * application's in the matching pools.
   */
  private final SharedTypeCache adviceTypes = new SharedTypeCache();
  /** Per loader, each advice once resolved, at its position. */
  private final PerClassLoader<AsmVisitorWrapper[]> byLoader;

  /** @param instrumentations every module's, positions as in {@link Transformation#advice} */
  AdviceCache(final List<TypeInstrumentation> instrumentations, ClassLoader agentLoader) {
    this.instrumentations = instrumentations;
    this.agentClasses = ClassFileLocator.ForClassLoader.of(agentLoader);
    this.byLoader = new PerClassLoader<AsmVisitorWrapper[]>(MAX_LOADERS,
        new AsmVisitorWrapper[instrumentations.size()]) {
      @Override
      AsmVisitorWrapper[] create() {
        return new AsmVisitorWrapper[instrumentations.size()];
      }
    };
  }

  /** The advice at {@code position}, ready to inline into classes of {@code loader}. */
  AsmVisitorWrapper advice(ClassLoader loader, int position) {
    AsmVisitorWrapper[] resolved = byLoader.of(loader);
    AsmVisitorWrapper advice = resolved[position];
    if (advice == null) {
      // Two threads may both resolve it: the same immutable advice, and either one is kept.
      advice = resolve(loader, instrumentations.get(position));
      resolved[position] = advice;
    }
    return advice;
  }

  private AsmVisitorWrapper resolve(ClassLoader loader, TypeInstrumentation instrumentation) {
    ClassFileLocator locator = new ClassFileLocator.Compound(agentClasses,
        SharedTypeCache.locator(loader));
    TypePool pool = adviceTypes.pool(loader, locator);
    Advice advice = Advice.to(pool.describe(instrumentation.adviceClassName()).resolve(), locator)
        // An exception thrown by the advice itself is dropped: the application's call goes on.
        .withExceptionHandler(Advice.ExceptionHandler.Default.SUPPRESSING);
    return new AsmVisitorWrapper.ForDeclaredMethods()
        .invokable(instrumentation.methods(), advice);
  }
}

package dev.sonde.agent.install;

import dev.sonde.instrumentation.api.diagnostics.AgentLog;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.dynamic.loading.ClassInjector;
import net.bytebuddy.utility.JavaModule;

/**
 * Lets a named module whose class gets advice read the module of the bootstrap hooks (the boot
 * loader's unnamed module): advice inlined into java.base's executors, java.sql's DriverManager or
 * jdk.httpserver calls the hooks, and a named module reads no unnamed module unless told to.
 *
 * <p>A class being defined has no module object yet, so its module is found by its package among
 * the boot layer's modules, which hold the JDK and an application started from the module path.
 * Modules of other layers are not looked up.
 */
final class ModuleReadEdges {

  private final Instrumentation instrumentation;
  private final JavaModule hooks;
  /** Package name to the boot layer's module holding it; empty before Java 9. */
  private final Map<String, JavaModule> bootLayer;

  ModuleReadEdges(Instrumentation instrumentation, Class<?> hookType) {
    this.instrumentation = instrumentation;
    this.hooks = JavaModule.isSupported() ? JavaModule.ofType(hookType) : null;
    this.bootLayer = hooks == null ? Collections.<String, JavaModule>emptyMap() : bootLayer();
  }

  /**
   * Before the advised class runs: makes its module, when named, read the hooks' module.
   *
   * @param redefined the class when it is retransformed, null when it is being defined
   */
  void assure(ClassLoader loader, String typeName, Class<?> redefined) {
    if (hooks == null) {
      return;
    }
    JavaModule module = redefined != null ? JavaModule.ofType(redefined)
        : bootLayer.get(packageOf(typeName));
    if (module == null || !module.isNamed() || module.getClassLoader() != loader
        || module.canRead(hooks)) {
      return;
    }
    ClassInjector.UsingInstrumentation.redefineModule(instrumentation, module,
        Collections.singleton(hooks), Collections.<String, Set<JavaModule>>emptyMap(),
        Collections.<String, Set<JavaModule>>emptyMap(), Collections.<Class<?>>emptySet(),
        Collections.<Class<?>, List<Class<?>>>emptyMap());
  }

  private static String packageOf(String typeName) {
    int dot = typeName.lastIndexOf('.');
    return dot < 0 ? "" : typeName.substring(0, dot);
  }

  /** Through reflection: the agent is compiled for Java 8, which has no ModuleLayer. */
  private static Map<String, JavaModule> bootLayer() {
    Map<String, JavaModule> byPackage = new HashMap<String, JavaModule>();
    try {
      Class<?> layerType = Class.forName("java.lang.ModuleLayer");
      Object boot = layerType.getMethod("boot").invoke(null);
      Method modules = layerType.getMethod("modules");
      for (Object each : (Set<?>) modules.invoke(boot)) {
        JavaModule module = JavaModule.of(each);
        for (String name : module.getPackages()) {
          byPackage.put(name, module);
        }
      }
    } catch (Exception e) {
      AgentLog.warn("Could not list the JDK's modules; advice in named modules may fail: " + e);
    }
    return byPackage;
  }
}

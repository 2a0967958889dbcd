package dev.sonde.instrumentation.api;

import dev.sonde.instrumentation.api.log.AgentLog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

/**
 * The version check of a module: the library types, and methods on them, its advice calls.
 * Evaluated per class loader from class files (nothing is loaded), once, and cached.
 *
 * <p>The first type named is the library's marker: a loader without it simply does not have the
 * library. A loader that has the marker but lacks anything else has a version the advice does not
 * fit; the module is skipped for that loader with one log line.
 */
public final class LibraryShape {

  private final List<Requirement> requirements = new ArrayList<Requirement>();

  private LibraryShape() {}

  /** Requires the type {@code className} with at least the listed public methods. */
  public static LibraryShape requires(String className, String... methodNames) {
    return new LibraryShape().and(className, methodNames);
  }

  public LibraryShape and(String className, String... methodNames) {
    requirements.add(new Requirement(className, Arrays.asList(methodNames)));
    return this;
  }

  /** A class loader matcher for {@code module}: true where the library is present in this shape. */
  public ElementMatcher<ClassLoader> matcher(final String module) {
    return new ElementMatcher<ClassLoader>() {
      private final Map<ClassLoader, Boolean> checked = new WeakHashMap<ClassLoader, Boolean>();
      private Boolean bootLoader;

      @Override
      public synchronized boolean matches(ClassLoader loader) {
        Boolean fits = loader == null ? bootLoader : checked.get(loader);
        if (fits == null) {
          fits = check(module, loader);
          if (loader == null) {
            bootLoader = fits;
          } else {
            checked.put(loader, fits);
          }
        }
        return fits;
      }
    };
  }

  private boolean check(String module, ClassLoader loader) {
    ClassFileLocator locator = loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader()
        : ClassFileLocator.ForClassLoader.of(loader);
    TypePool pool = TypePool.Default.WithLazyResolution.of(locator);
    for (int i = 0; i < requirements.size(); i++) {
      Requirement requirement = requirements.get(i);
      String missing = requirement.missingIn(pool);
      if (missing != null) {
        if (i > 0 || !missing.equals(requirement.className)) {
          AgentLog.info(module + ": skipped in " + describe(loader) + ": the library there has no "
              + missing + " (version not supported)");
        }
        return false;
      }
    }
    return true;
  }

  private static String describe(ClassLoader loader) {
    return loader == null ? "the bootstrap class loader" : loader.getClass().getName();
  }

  private static final class Requirement {
    final String className;
    final List<String> methodNames;

    Requirement(String className, List<String> methodNames) {
      this.className = className;
      this.methodNames = methodNames;
    }

    /** What is missing, or null when everything is there. */
    String missingIn(TypePool pool) {
      TypePool.Resolution resolution = pool.describe(className);
      if (!resolution.isResolved()) {
        return className;
      }
      TypeDescription type = resolution.resolve();
      for (String name : methodNames) {
        if (!hasMethod(type, name)) {
          return className + "." + name + "()";
        }
      }
      return null;
    }

    /** Looks through the type and its super types, since a method may be inherited. */
    private static boolean hasMethod(TypeDescription type, String name) {
      MethodList<MethodDescription.InDefinedShape> declared =
          type.getDeclaredMethods().filter(ElementMatchers.named(name));
      if (!declared.isEmpty()) {
        return true;
      }
      for (TypeDescription.Generic parent : type.getInterfaces()) {
        if (hasMethod(parent.asErasure(), name)) {
          return true;
        }
      }
      TypeDescription.Generic superClass = type.getSuperClass();
      return superClass != null && hasMethod(superClass.asErasure(), name);
    }
  }
}

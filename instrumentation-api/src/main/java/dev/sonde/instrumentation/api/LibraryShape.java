package dev.sonde.instrumentation.api;

import dev.sonde.instrumentation.api.cache.WeakKeyMap;
import dev.sonde.instrumentation.api.diagnostics.AgentLog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

/**
 * The version check of a module: the library types, and methods on them, its advice calls.
 * Evaluated per class loader from class files (nothing is loaded), once, and cached without a
 * lock (see {@link #matcher}).
 *
 * <p>The first type named is the library's marker: a loader without it simply does not have the
 * library. A loader that has the marker but lacks anything else has a version the advice does not
 * fit; the module is skipped for that loader with one log line.
 */
public final class LibraryShape {

  /** Loaders remembered per module; past it, a loader is checked again each time it is asked. */
  private static final int MAX_LOADERS = 1024;

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

  /**
   * The types required, in order, each with the method names required on it (for the tests that
   * compare a shape with what the advice references).
   */
  public Map<String, List<String>> requirements() {
    Map<String, List<String>> all = new LinkedHashMap<String, List<String>>();
    for (Requirement requirement : requirements) {
      List<String> methods = all.get(requirement.className);
      if (methods == null) {
        methods = new ArrayList<String>();
        all.put(requirement.className, methods);
      }
      methods.addAll(requirement.methodNames);
    }
    return Collections.unmodifiableMap(all);
  }

  /**
   * A class loader matcher for {@code module}: true where the library is present in this shape.
   *
   * <p>No lock: the check reads class files through the loader, and runs on threads that hold
   * that loader's own locks (a class being defined) as well as on the agent's (retransforming
   * what was loaded before it started). A lock of ours held across the check would be taken in
   * the opposite order by the two, which is how a nested-jar loader deadlocked against the
   * agent. Two threads meeting a loader first may both check it; the first verdict published is
   * kept, and only its thread logs.
   */
  public ElementMatcher<ClassLoader> matcher(final String module) {
    return new ElementMatcher<ClassLoader>() {
      private final WeakKeyMap<ClassLoader, Verdict> checked =
          new WeakKeyMap<ClassLoader, Verdict>(MAX_LOADERS);
      private final AtomicReference<Verdict> bootLoader = new AtomicReference<Verdict>();

      @Override
      public boolean matches(ClassLoader loader) {
        Verdict known = loader == null ? bootLoader.get() : checked.get(loader);
        if (known != null) {
          return known.fits;
        }
        Verdict fresh = check(loader);
        Verdict kept = loader == null
            ? (bootLoader.compareAndSet(null, fresh) ? fresh : bootLoader.get())
            : checked.putIfAbsent(loader, fresh);
        if (kept == fresh && fresh.unsupported != null) {
          AgentLog.info(module + ": skipped in " + describe(loader) + ": the library there has no "
              + fresh.unsupported + " (version not supported)");
        }
        return fresh.fits;
      }
    };
  }

  private Verdict check(ClassLoader loader) {
    ClassFileLocator locator = loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader()
        : ClassFileLocator.ForClassLoader.of(loader);
    TypePool pool = TypePool.Default.WithLazyResolution.of(locator);
    for (int i = 0; i < requirements.size(); i++) {
      Requirement requirement = requirements.get(i);
      String missing = requirement.missingIn(pool);
      if (missing != null) {
        // The marker missing means the library is absent, which is no news worth a line.
        boolean absent = i == 0 && missing.equals(requirement.className);
        return new Verdict(false, absent ? null : missing);
      }
    }
    return new Verdict(true, null);
  }

  /** One loader's answer; a new object per check, so that a thread can tell its own was kept. */
  private static final class Verdict {
    final boolean fits;
    /** What an unsupported version lacks; null when the library fits or is absent. */
    final String unsupported;

    Verdict(boolean fits, String unsupported) {
      this.fits = fits;
      this.unsupported = unsupported;
    }
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

package dev.sonde.instrumentation.api;

import dev.sonde.bootstrap.ThreadState;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Type matchers by super type that read no more of a class file than its header.
 *
 * <p>Every class the application loads is matched against these, so they are the main cost of
 * start-up. The agent's type pool describes a class lazily from its header (name, flags, super
 * class, interfaces) and parses the rest only when asked. Byte Buddy's {@code hasSuperType} and
 * {@code hasSuperClass} ask for more than the header (the generic form of each super type), so
 * every class loaded would be parsed in full, its methods and signatures included. These walk
 * erasures and names only: the full parse is left to the few classes that match.
 */
public final class SuperTypes extends ElementMatcher.Junction.AbstractBase<TypeDescription> {

  private final Set<String> names;
  private final boolean classesOnly;
  private final Set<String> excluded;

  private SuperTypes(Set<String> names, boolean classesOnly, Set<String> excluded) {
    this.names = names;
    this.classesOnly = classesOnly;
    this.excluded = excluded;
  }

  /** Classes (not interfaces) that implement or extend any of {@code typeNames}, at any depth. */
  public static SuperTypes implementing(String... typeNames) {
    return new SuperTypes(new HashSet<String>(Arrays.asList(typeNames)), false,
        new HashSet<String>());
  }

  /** {@code className} and every class that extends it, at any depth. */
  public static SuperTypes extending(String className) {
    return new SuperTypes(new HashSet<String>(Arrays.asList(className)), true,
        new HashSet<String>());
  }

  /** The same match, except for the class named {@code className} itself. */
  public SuperTypes except(String className) {
    Set<String> more = new HashSet<String>(excluded);
    more.add(className);
    return new SuperTypes(names, classesOnly, more);
  }

  @Override
  public boolean matches(TypeDescription target) {
    if (target.isInterface() || excluded.contains(target.getName())) {
      return false;
    }
    Hierarchy hierarchy = Hierarchy.of(target);
    for (String name : names) {
      if ((classesOnly ? hierarchy.classChain : hierarchy.all).contains(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The names of a type and of all its super types, walked once per class: Byte Buddy asks every
   * module's matcher about the same class in a row, on the thread loading it, so the last walk is
   * kept per thread (weakly: a description must not keep its class loader alive). A walk per
   * matcher made the walk hot enough for the JIT to spend a second compiling it at start-up.
   * Kept in the thread's {@link ThreadState}, the agent's one thread-local entry.
   */
  private static final class Hierarchy {

    private final WeakReference<TypeDescription> type;
    /** The type and its super classes. */
    final Set<String> classChain = new HashSet<String>();
    /** The type, its super classes and every interface they implement, at any depth. */
    final Set<String> all = new HashSet<String>();

    private Hierarchy(TypeDescription type) {
      this.type = new WeakReference<TypeDescription>(type);
      for (TypeDescription current = type; current != null; current = superClassOf(current)) {
        classChain.add(current.getName());
      }
      walk(type);
    }

    static Hierarchy of(TypeDescription type) {
      ThreadState state = ThreadState.current();
      Hierarchy last = (Hierarchy) state.lastTypeWalk;
      if (last != null && last.type.get() == type) {
        return last;
      }
      Hierarchy walked = new Hierarchy(type);
      state.lastTypeWalk = walked;
      return walked;
    }

    private void walk(TypeDescription type) {
      if (!all.add(type.getName())) {
        return;
      }
      TypeDescription superClass = superClassOf(type);
      if (superClass != null) {
        walk(superClass);
      }
      for (TypeDefinition each : type.getInterfaces()) {
        walk(each.asErasure());
      }
    }
  }

  /** The erasure of the super class, read from the header; null at the top. */
  private static TypeDescription superClassOf(TypeDescription type) {
    TypeDescription.Generic superClass = type.getSuperClass();
    return superClass == null ? null : superClass.asErasure();
  }

  @Override
  public String toString() {
    return (classesOnly ? "extending" : "implementing") + names
        + (excluded.isEmpty() ? "" : " except " + excluded);
  }
}

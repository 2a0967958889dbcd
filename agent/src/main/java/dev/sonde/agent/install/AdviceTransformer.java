package dev.sonde.agent.install;

import java.lang.instrument.ClassFileTransformer;
import java.security.AccessControlContext;
import java.security.AccessController;
import java.security.PrivilegedAction;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;

/**
 * The agent's class file transformer: every class loaded or retransformed is matched against the
 * modules' type matchers, and the advice of those that match is inlined into its methods by Byte
 * Buddy. Byte Buddy's {@code AgentBuilder} would do the same, but on Java 9+ it first generates a
 * subclass of its own transformer at run time (about 450 classes loaded and a quarter of the
 * install's time, before the first class is matched).
 */
final class AdviceTransformer implements ClassFileTransformer {

  /**
   * Advice only visits the methods a class declares: a decoration, no method added or replaced,
   * so loaded classes can be retransformed. (A redefinition would first check that every declared
   * method's return and parameter types are visible to the class, parsing each of those types'
   * class files in full: 40 % of the full parses at start-up, for nothing advice needs.)
   */
  private final ByteBuddy byteBuddy = new ByteBuddy()
      .with(TypeValidation.DISABLED)
      .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
      .with(Implementation.Context.Disabled.Factory.INSTANCE);

  private final List<Transformation> transformations;
  private final AdviceCache advice;
  private final IgnoredTypes ignored;
  private final ModuleReadEdges readEdges;
  private final ClassLoader agentLoader;
  private final SharedTypeCache types = new SharedTypeCache();
  /**
   * The threads transforming now: a class loaded from in here (by Byte Buddy, the JDK or a class
   * loader asked for a class file) passes unchanged instead of re-entering. Not a ThreadLocal:
   * its first read on a thread leaves an entry in that thread's map for good, and the
   * application's threads (a request thread loads classes too) would carry one more entry beside
   * the thread locals their hot paths look up.
   */
  private final Set<Thread> busy =
      Collections.newSetFromMap(new ConcurrentHashMap<Thread, Boolean>());
  /**
   * Under a security manager, the install's permissions: the application's frames on the stack
   * of a class load must not deny the agent reading class files through loaders. Null without
   * one, the usual case, where nothing is wrapped.
   */
  private final AccessControlContext privileges =
      System.getSecurityManager() != null ? AccessController.getContext() : null;

  AdviceTransformer(List<Transformation> transformations, AdviceCache advice,
      IgnoredTypes ignored, ModuleReadEdges readEdges, ClassLoader agentLoader) {
    this.transformations = transformations;
    this.advice = advice;
    this.ignored = ignored;
    this.readEdges = readEdges;
    this.agentLoader = agentLoader;
  }

  @Override
  public byte[] transform(ClassLoader loader, String internalName, Class<?> redefined,
      ProtectionDomain domain, byte[] classFile) {
    // No name: a hidden or anonymous class, which cannot be retransformed and is not matched.
    if (internalName == null || loader == agentLoader) {
      return null;
    }
    String name = internalName.replace('/', '.');
    Thread thread = Thread.currentThread();
    if (ignored.ignores(name) || !busy.add(thread)) {
      return null;
    }
    try {
      return privileges == null ? transform(loader, name, redefined, classFile)
          : transformPrivileged(loader, name, redefined, classFile);
    } catch (Throwable t) {
      TransformLog.failed(name, t);
      return null;
    } finally {
      busy.remove(thread);
    }
  }

  private byte[] transformPrivileged(final ClassLoader loader, final String name,
      final Class<?> redefined, final byte[] classFile) {
    return AccessController.doPrivileged(new PrivilegedAction<byte[]>() {
      @Override
      public byte[] run() {
        return transform(loader, name, redefined, classFile);
      }
    }, privileges);
  }

  private byte[] transform(ClassLoader loader, String name, Class<?> redefined,
      byte[] classFile) {
    // The class file being defined first: it is not always where its loader would find it.
    ClassFileLocator locator = new ClassFileLocator.Compound(
        ClassFileLocator.Simple.of(name, classFile), SharedTypeCache.locator(loader));
    TypePool pool = types.poolDefining(name, loader, locator);
    TypeDescription type = pool.describe(name).resolve();
    DynamicType.Builder<?> builder = null;
    for (Transformation transformation : transformations) {
      if (transformation.matches(loader, type)) {
        if (builder == null) {
          builder = byteBuddy.decorate(type, locator);
        }
        for (int position : transformation.advice) {
          builder = builder.visit(advice.advice(loader, position));
        }
      }
    }
    if (builder == null) {
      return null;
    }
    byte[] woven = builder.make(TypeResolutionStrategy.Disabled.INSTANCE, pool).getBytes();
    readEdges.assure(loader, name, redefined);
    TransformLog.instrumented(name);
    return woven;
  }

  /** Whether a class already loaded would be transformed: the retransformation's filter. */
  boolean transforms(Class<?> loaded) {
    ClassLoader loader = loaded.getClassLoader();
    String name = loaded.getName();
    if (loader == agentLoader || ignored.ignores(name)) {
      return false;
    }
    TypeDescription type =
        types.pool(loader, SharedTypeCache.locator(loader)).describe(name).resolve();
    for (Transformation transformation : transformations) {
      if (transformation.matches(loader, type)) {
        return true;
      }
    }
    return false;
  }
}

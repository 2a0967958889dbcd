package dev.sonde.agent.install;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One type matcher of a module and the advice it carries: a class is matched once per matcher,
 * however many advice classes go into it (type matching runs for every class loaded).
 */
final class Transformation {

  private final ElementMatcher<? super ClassLoader> loaders;
  private final ElementMatcher<? super TypeDescription> types;
  /** Positions in {@link AdviceCache} of the advice to inline, in the modules' order. */
  final int[] advice;

  /**
   * @param loaders the loaders where the module's library has the shape its advice needs
   * @param types the classes to transform there
   */
  Transformation(ElementMatcher<? super ClassLoader> loaders,
      ElementMatcher<? super TypeDescription> types, int[] advice) {
    this.loaders = loaders;
    this.types = types;
    this.advice = advice;
  }

  /** The loader first: its check is cached per loader, the type's reads a class file header. */
  boolean matches(ClassLoader loader, TypeDescription type) {
    return loaders.matches(loader) && types.matches(type);
  }
}

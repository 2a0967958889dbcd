package dev.sonde.instrumentation.api;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Which types to transform, which of their methods, and the advice class inlined there. */
public final class TypeInstrumentation {

  private final ElementMatcher<? super TypeDescription> types;
  private final ElementMatcher<? super MethodDescription> methods;
  private final String adviceClassName;

  private TypeInstrumentation(ElementMatcher<? super TypeDescription> types,
      ElementMatcher<? super MethodDescription> methods, String adviceClassName) {
    this.types = types;
    this.methods = methods;
    this.adviceClassName = adviceClassName;
  }

  /**
   * @param advice a class with Byte Buddy {@code @Advice.OnMethodEnter/Exit} methods; only its
   *     name is used here, its bytes are inlined into the matched methods
   */
  public static TypeInstrumentation of(ElementMatcher<? super TypeDescription> types,
      ElementMatcher<? super MethodDescription> methods, Class<?> advice) {
    return new TypeInstrumentation(types, methods, advice.getName());
  }

  public ElementMatcher<? super TypeDescription> types() {
    return types;
  }

  public ElementMatcher<? super MethodDescription> methods() {
    return methods;
  }

  public String adviceClassName() {
    return adviceClassName;
  }
}

package dev.sonde.instrumentation.api.reflect;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Reaches a library's methods and fields from a recorder, which cannot link against the library
 * (it lives in the agent's class loader). Lookups are meant to run once per class, inside a
 * {@link ClassValue} (nothing then holds the application's classes beyond their own life), and
 * nothing here throws: a member that is missing, refused or failing reads as null.
 */
public final class LibraryMembers {

  private static final Object[] NO_ARGS = new Object[0];

  private LibraryMembers() {}

  /** A public method of {@code type} (or inherited), opened for calling; null when missing. */
  public static Method publicMethod(Class<?> type, String name, Class<?>... parameters) {
    try {
      return accessible(type.getMethod(name, parameters));
    } catch (Throwable e) {
      return null;
    }
  }

  /**
   * A method of {@code type} or a superclass, whatever its access, opened for calling; null when
   * missing or when opening it is refused.
   */
  public static Method declaredMethod(Class<?> type, String name, Class<?>... parameters) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        return accessible(c.getDeclaredMethod(name, parameters));
      } catch (NoSuchMethodException e) {
        // the superclass, then
      } catch (Throwable e) {
        return null;
      }
    }
    return null;
  }

  /** A field of {@code type} or a superclass, whatever its access, opened; null otherwise. */
  public static Field field(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        return accessible(c.getDeclaredField(name));
      } catch (NoSuchFieldException e) {
        // the superclass, then
      } catch (Throwable e) {
        return null;
      }
    }
    return null;
  }

  /**
   * {@code member} made accessible: needed when it or its class is not public (an enum constant
   * with a body, a package-private getter). When that is refused (the library in a named module
   * that does not open the package), the member itself if it is callable anyway (public, of a
   * public class), else null.
   */
  public static <T extends AccessibleObject & Member> T accessible(T member) {
    try {
      member.setAccessible(true);
      return member;
    } catch (Throwable e) {
      return Modifier.isPublic(member.getModifiers())
          && Modifier.isPublic(member.getDeclaringClass().getModifiers()) ? member : null;
    }
  }

  /** {@code type} or its superclass named {@code name}, or null. */
  public static Class<?> superclassNamed(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(name)) {
        return c;
      }
    }
    return null;
  }

  /** {@code type}, or a class or interface it extends or implements, named {@code name}; or null. */
  public static Class<?> interfaceNamed(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(name)) {
        return c;
      }
      for (Class<?> i : c.getInterfaces()) {
        Class<?> found = interfaceNamed(i, name);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** A no-argument method's result; null when the method is null, or throws. */
  public static Object invoke(Method method, Object target) {
    return invoke(method, target, NO_ARGS);
  }

  /** The method's result; null when it is null, or throws (the arguments are never changed). */
  public static Object invoke(Method method, Object target, Object[] args) {
    if (method == null) {
      return null;
    }
    try {
      return method.invoke(target, args);
    } catch (Throwable e) {
      return null;
    }
  }

  /** The field's value; null when it is null, or cannot be read. */
  public static Object get(Field field, Object target) {
    if (field == null) {
      return null;
    }
    try {
      return field.get(target);
    } catch (Throwable e) {
      return null;
    }
  }
}

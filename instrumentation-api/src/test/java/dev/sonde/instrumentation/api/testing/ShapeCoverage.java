package dev.sonde.instrumentation.api.testing;

import dev.sonde.instrumentation.api.InstrumentationModule;
import dev.sonde.instrumentation.api.TypeInstrumentation;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The lightweight equivalent of OpenTelemetry's muzzle: reads each advice class of a module from
 * its bytecode and collects what it references of the library (types outside {@code java.*},
 * {@code dev.sonde.*} and {@code net.bytebuddy.*}: the owners of the methods and fields it uses,
 * the types it creates, casts to or tests, class constants, and the types of its advice methods'
 * parameters and results), then checks that the module's {@code LibraryShape} requires each type
 * and each method called on it by name (but {@code Object}'s own: {@code toString},
 * {@code hashCode}, {@code equals}, {@code getClass}). A reference the shape does not need to name (a method
 * every version of the library has, on a type the shape's marker implies) is listed by the
 * module's test in {@link #assertCovered}'s exceptions, with the reason.
 *
 * <p>What it does not see: fields and methods advice reaches through Byte Buddy's annotations
 * ({@code @Advice.FieldValue("name")} reads a field of the instrumented class, not a call), and
 * the matchers' own names (the type matcher decides whether the class is there at all).
 */
public final class ShapeCoverage {

  /** Every type has these: a call of one on a library type needs nothing of the shape. */
  private static final Set<String> OBJECT_METHODS = new TreeSet<String>(java.util.Arrays.asList(
      "toString", "hashCode", "equals", "getClass"));

  private ShapeCoverage() {}

  /** What the module's advice references that its shape does not require, as readable lines. */
  public static Set<String> missing(InstrumentationModule module) {
    Map<String, List<String>> required = module.shape().requirements();
    Set<String> missing = new TreeSet<String>();
    for (Map.Entry<String, Set<String>> reference : references(module).entrySet()) {
      String type = reference.getKey();
      List<String> methods = required.get(type);
      if (methods == null) {
        missing.add(type);
        continue;
      }
      for (String method : reference.getValue()) {
        if (!methods.contains(method)) {
          missing.add(type + "." + method + "()");
        }
      }
    }
    return missing;
  }

  /**
   * Fails unless the shape covers every reference but those in {@code exceptions} (the missing
   * line as {@link #missing} writes it, mapped to why the shape need not name it). An exception
   * the advice no longer references fails too, so that the list stays true.
   */
  public static void assertCovered(InstrumentationModule module, Map<String, String> exceptions) {
    Set<String> missing = missing(module);
    Set<String> unexplained = new TreeSet<String>(missing);
    unexplained.removeAll(exceptions.keySet());
    Set<String> stale = new TreeSet<String>(exceptions.keySet());
    stale.removeAll(missing);
    if (!unexplained.isEmpty() || !stale.isEmpty()) {
      throw new AssertionError(module.name() + ": the library shape does not require what the "
          + "advice references: " + unexplained + (stale.isEmpty() ? ""
              : "; exceptions no longer needed: " + stale));
    }
  }

  public static void assertCovered(InstrumentationModule module) {
    assertCovered(module, Collections.<String, String>emptyMap());
  }

  /** The library types every advice class of the module references, each with the methods called. */
  public static Map<String, Set<String>> references(InstrumentationModule module) {
    Map<String, Set<String>> references = new LinkedHashMap<String, Set<String>>();
    Set<String> adviceClasses = new LinkedHashSet<String>();
    for (TypeInstrumentation instrumentation : module.typeInstrumentations()) {
      adviceClasses.add(instrumentation.adviceClassName());
    }
    ClassLoader loader = module.getClass().getClassLoader();
    for (String advice : adviceClasses) {
      read(loader, advice, references);
    }
    return references;
  }

  private static void read(ClassLoader loader, String className,
      final Map<String, Set<String>> references) {
    byte[] classFile;
    try (InputStream in = loader.getResourceAsStream(className.replace('.', '/') + ".class")) {
      if (in == null) {
        throw new IllegalArgumentException("no class file for " + className);
      }
      classFile = AdviceHarness.read(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor,
          String signature, String[] exceptions) {
        if ((access & Opcodes.ACC_STATIC) != 0 && !name.equals("<clinit>")) {
          Type method = Type.getMethodType(descriptor);
          for (Type argument : method.getArgumentTypes()) {
            type(references, argument);
          }
          type(references, method.getReturnType());
        }
        return new MethodVisitor(Opcodes.ASM9) {
          @Override
          public void visitMethodInsn(int opcode, String owner, String method, String desc,
              boolean isInterface) {
            String type = libraryType(Type.getObjectType(owner));
            if (type != null && !method.equals("<init>") && !OBJECT_METHODS.contains(method)) {
              add(references, type).add(method);
            } else if (type != null) {
              add(references, type);
            }
          }

          @Override
          public void visitFieldInsn(int opcode, String owner, String field, String desc) {
            type(references, Type.getObjectType(owner));
          }

          @Override
          public void visitTypeInsn(int opcode, String type) {
            type(references, Type.getObjectType(type));
          }

          @Override
          public void visitLdcInsn(Object value) {
            if (value instanceof Type) {
              type(references, (Type) value);
            }
          }
        };
      }
    }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
  }

  private static void type(Map<String, Set<String>> references, Type type) {
    String name = libraryType(type);
    if (name != null) {
      add(references, name);
    }
  }

  private static Set<String> add(Map<String, Set<String>> references, String type) {
    Set<String> methods = references.get(type);
    if (methods == null) {
      methods = new TreeSet<String>();
      references.put(type, methods);
    }
    return methods;
  }

  /** The type's name when it is the library's, else null. */
  private static String libraryType(Type type) {
    while (type.getSort() == Type.ARRAY) {
      type = type.getElementType();
    }
    if (type.getSort() != Type.OBJECT) {
      return null;
    }
    String name = type.getClassName();
    return name.startsWith("java.") || name.startsWith("dev.sonde.")
        || name.startsWith("net.bytebuddy.") ? null : name;
  }
}

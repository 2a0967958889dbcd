package dev.sonde.agent.launcher;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent's classes (its own code and every relocated dependency) from the {@code inst/}
 * folder of the agent jar, where they are stored as {@code .classdata} so that no other class
 * loader can find them. Its parent is the platform class loader (bootstrap on Java 8): the agent
 * sees the JDK and the bootstrap hooks, never the application's classes.
 */
final class AgentClassLoader extends ClassLoader {

  static {
    registerAsParallelCapable();
  }

  private static final String PREFIX = "inst/";
  private static final String CLASS_DATA = ".classdata";

  private final JarFile jar;
  private final String jarUrl;
  private final ProtectionDomain protectionDomain;

  AgentClassLoader(JarFile jar, File jarPath, ClassLoader parent) throws MalformedURLException {
    super(parent);
    this.jar = jar;
    URL location = jarPath.toURI().toURL();
    this.jarUrl = "jar:" + location + "!/";
    this.protectionDomain = new ProtectionDomain(new CodeSource(location, (Certificate[]) null),
        null, this, null);
  }

  /** The platform class loader on Java 9+, null (bootstrap) on Java 8. */
  static ClassLoader platformLoader() {
    try {
      return (ClassLoader) ClassLoader.class.getMethod("getPlatformClassLoader").invoke(null);
    } catch (Exception java8) {
      return null;
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + CLASS_DATA);
    if (entry == null) {
      throw new ClassNotFoundException(name);
    }
    byte[] bytes;
    try {
      bytes = read(entry);
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    definePackageOf(name);
    return defineClass(name, bytes, 0, bytes.length, protectionDomain);
  }

  @SuppressWarnings("deprecation") // getPackage: getDefinedPackage is Java 9+
  private void definePackageOf(String className) {
    int dot = className.lastIndexOf('.');
    if (dot > 0) {
      String name = className.substring(0, dot);
      if (getPackage(name) == null) {
        try {
          definePackage(name, null, null, null, null, null, null, null);
        } catch (IllegalArgumentException raced) {
          // another thread defined it
        }
      }
    }
  }

  @Override
  protected URL findResource(String name) {
    String entryName = PREFIX + (name.endsWith(".class")
        ? name.substring(0, name.length() - ".class".length()) + CLASS_DATA : name);
    if (jar.getJarEntry(entryName) == null) {
      return null;
    }
    try {
      return new URL(jarUrl + entryName);
    } catch (MalformedURLException e) {
      return null;
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null ? Collections.<URL>emptyEnumeration() : Collections.enumeration(
        Collections.singletonList(url));
  }

  @Override
  public InputStream getResourceAsStream(String name) {
    // Straight from the open jar: jar: URLs would open (and cache) the file a second time.
    String entryName = PREFIX + (name.endsWith(".class")
        ? name.substring(0, name.length() - ".class".length()) + CLASS_DATA : name);
    JarEntry entry = jar.getJarEntry(entryName);
    if (entry != null) {
      try {
        return jar.getInputStream(entry);
      } catch (IOException e) {
        return null;
      }
    }
    return super.getResourceAsStream(name);
  }

  private byte[] read(JarEntry entry) throws IOException {
    InputStream in = jar.getInputStream(entry);
    try {
      long size = entry.getSize();
      ByteArrayOutputStream out = new ByteArrayOutputStream(size > 0 ? (int) size : 8192);
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } finally {
      in.close();
    }
  }
}

package dev.sonde.smoke.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/** The smoke-test applications, each a runnable jar built by its module under smoke-tests/apps. */
public enum App {
  TOMCAT9("tomcat9"),
  JETTY12("jetty12"),
  JDK_HTTPSERVER("jdk-httpserver"),
  /** Calls another service with each HTTP client: {@code /call/<client>/<host:port/path>}. */
  HTTP_CLIENT("http-client"),
  LOG4J1("log4j1"),
  JUL("jul"),
  ISOLATION("isolation"),
  JDBC("jdbc"),
  REDIS("redis"),
  REDIS_JEDIS3("redis-jedis3"),
  RABBITMQ("rabbitmq"),
  /** OkHttp 5, Apache HttpClient 4.5 and 5.5 callers and their callee (one jar, two roles). */
  HTTP_CLIENT_LIBS("http-client-libs"),
  /** The same app built with the oldest versions claimed: OkHttp 3.12, HttpClient 4.3 and 5.1. */
  HTTP_CLIENT_LIBS_OLDEST("http-client-libs-oldest"),
  /** A Spring Boot fat jar (nested jars, Boot's launcher): {@code java -jar spring-boot-app.jar}. */
  SPRING_BOOT("spring-boot");

  public static final String APPS_DIR_PROPERTY = "sonde.apps.dir";

  private final String module;

  App(String module) {
    this.module = module;
  }

  public String module() {
    return module;
  }

  /** {@code <sonde.apps.dir>/<module>/target/<module>-app.jar}; fails when it has not been built. */
  public Path jar() {
    String appsDir = System.getProperty(APPS_DIR_PROPERTY);
    if (appsDir == null) {
      throw new IllegalStateException("System property " + APPS_DIR_PROPERTY
          + " is not set: run the smoke tests through Maven (failsafe sets it)");
    }
    Path jar = Path.of(appsDir, module, "target", module + "-app.jar").toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("App jar not built: " + jar);
    }
    return jar;
  }
}

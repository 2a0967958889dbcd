package dev.sonde.agent.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import org.junit.jupiter.api.Test;

class IgnoredTypesTest {

  private final IgnoredTypes ignored =
      new IgnoredTypes(Collections.singleton("java.sql.DriverManager"));

  @Test
  void theJdkIsIgnoredExceptTheClassesAModuleNames() {
    assertThat(ignored.ignores("java.lang.String")).isTrue();
    assertThat(ignored.ignores("jdk.internal.misc.Unsafe")).isTrue();
    assertThat(ignored.ignores("sun.nio.ch.SocketChannelImpl")).isTrue();
    assertThat(ignored.ignores("com.sun.proxy.$Proxy12")).isTrue();
    assertThat(ignored.ignores("javax.management.ObjectName")).isTrue();
    assertThat(ignored.ignores("java.sql.DriverManager")).isFalse();
    assertThat(ignored.ignores("com.sun.net.httpserver.Filter$Chain")).isFalse();
  }

  @Test
  void theAgentsOwnClassesAreIgnoredButNotApplicationsInItsNamespace() {
    assertThat(ignored.ignores("dev.sonde.bootstrap.Hooks")).isTrue();
    assertThat(ignored.ignores("dev.sonde.shaded.net.bytebuddy.ByteBuddy")).isTrue();
    assertThat(ignored.ignores("net.bytebuddy.ByteBuddy")).isTrue();
    assertThat(ignored.ignores("dev.sonde.demo.OrdersServlet")).isFalse();
  }

  @Test
  void applicationAndLibraryClassesAreMatched() {
    assertThat(ignored.ignores("org.postgresql.jdbc.PgStatement")).isFalse();
    assertThat(ignored.ignores("javax.servlet.http.HttpServlet")).isFalse();
    assertThat(ignored.ignores("javafx.Thing")).isFalse();
  }
}

package dev.sonde.smoke;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.App;
import dev.sonde.smoke.harness.Jdk;
import dev.sonde.smoke.harness.OtlpReceiver;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Embedded Tomcat 9 (javax.servlet, Logback), once per installed JDK: the {@link HttpServerSpec}
 * and {@link ServletSpec} contract.
 */
@ParameterizedClass(name = "Tomcat 9 on {0}")
@MethodSource("dev.sonde.smoke.harness.Jdks#available")
class TomcatServletIT extends ServletSpec {

  private static OtlpReceiver receiver;
  private static AgentApp app;

  /** The JDK of this invocation; the app below runs on it. */
  @Parameter
  Jdk jdk;

  @BeforeParameterizedClassInvocation
  static void startTomcatWithTheAgent(Jdk jdk) {
    receiver = OtlpReceiver.start();
    app = AgentApp.of(App.TOMCAT9).on(jdk).serviceName("tomcat9-smoke").exportingTo(receiver).start();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    Fixtures.closeAll(app, receiver);
  }

  @Override
  protected AgentApp app() {
    return app;
  }

  @Override
  protected OtlpReceiver receiver() {
    return receiver;
  }
}

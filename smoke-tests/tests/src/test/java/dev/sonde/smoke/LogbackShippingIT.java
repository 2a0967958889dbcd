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

/** Log shipping from Logback (embedded Tomcat 9, SLF4J 2), once per installed JDK. */
@ParameterizedClass(name = "Logback on {0}")
@MethodSource("dev.sonde.smoke.harness.Jdks#available")
class LogbackShippingIT extends LogShippingSpec {

  private static OtlpReceiver receiver;
  private static AgentApp app;

  /** The JDK of this invocation; the app below runs on it. */
  @Parameter
  Jdk jdk;

  @BeforeParameterizedClassInvocation
  static void startTomcatShippingLogs(Jdk jdk) {
    receiver = OtlpReceiver.start();
    app = shipping(AgentApp.of(App.TOMCAT9).on(jdk).serviceName("logback-shipping-smoke"))
        .exportingTo(receiver).start();
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

  @Override
  protected String loggerName() {
    return "dev.sonde.smoke.apps.tomcat9.Main";
  }
}

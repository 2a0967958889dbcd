package dev.sonde.smoke;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.App;
import dev.sonde.smoke.harness.OtlpReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Jetty 12.1 with ee10 (jakarta.servlet) servlets and Logback; unknown paths get Jetty's own 404.
 * The {@link HttpServerSpec} and {@link ServletSpec} contract, on the JDK running the tests.
 */
class JettyServletIT extends ServletSpec {

  private static OtlpReceiver receiver;
  private static AgentApp app;

  @BeforeAll
  static void startJettyWithTheAgent() {
    receiver = OtlpReceiver.start();
    app = AgentApp.of(App.JETTY12).serviceName("jetty12-smoke").exportingTo(receiver).start();
  }

  @AfterAll
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

package dev.sonde.smoke;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.App;
import dev.sonde.smoke.harness.Jdk;
import dev.sonde.smoke.harness.OtlpReceiver;
import java.util.OptionalInt;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JDK's own {@code com.sun.net.httpserver} with Log4j 2, once per installed JDK: the
 * {@link HttpServerSpec} contract. No route names exist here, so endpoints come from the path.
 */
@ParameterizedClass(name = "JDK HttpServer on {0}")
@MethodSource("dev.sonde.smoke.harness.Jdks#available")
class JdkHttpServerIT extends HttpServerSpec {

  private static OtlpReceiver receiver;
  private static AgentApp app;

  /** The JDK of this invocation; the app below runs on it. */
  @Parameter
  Jdk jdk;

  @BeforeParameterizedClassInvocation
  static void startJdkHttpServerWithTheAgent(Jdk jdk) {
    receiver = OtlpReceiver.start();
    app = AgentApp.of(App.JDK_HTTPSERVER).on(jdk).serviceName("jdk-httpserver-smoke")
        .exportingTo(receiver).start();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    Fixtures.closeAll(app, receiver);
  }

  /** The JDK server answers an uncaught handler exception by closing the connection, agent or not. */
  @Override
  protected OptionalInt statusSeenWhenHandlerThrows() {
    return OptionalInt.empty();
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

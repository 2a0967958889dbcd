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
 * Spans and log records over OTLP/gRPC ({@code otel.exporter.otlp.protocol=grpc}) to gRPC's own
 * server: the log shipping spec (its spans included), from Logback in embedded Tomcat 9, once per
 * installed JDK.
 */
@ParameterizedClass(name = "gRPC on {0}")
@MethodSource("dev.sonde.smoke.harness.Jdks#available")
class GrpcShippingIT extends LogShippingSpec {

  private static OtlpReceiver receiver;
  private static AgentApp app;

  /** The JDK of this invocation; the app below runs on it. */
  @Parameter
  Jdk jdk;

  @BeforeParameterizedClassInvocation
  static void startTomcatExportingOverGrpc(Jdk jdk) {
    receiver = OtlpReceiver.startGrpc();
    app = shipping(AgentApp.of(App.TOMCAT9).on(jdk).serviceName("grpc-shipping-smoke"))
        .systemProperty("otel.exporter.otlp.protocol", "grpc")
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

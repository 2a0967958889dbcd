package dev.sonde.smoke;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.App;
import dev.sonde.smoke.harness.Jdk;
import dev.sonde.smoke.harness.Jdks;
import dev.sonde.smoke.harness.OtlpReceiver;
import java.util.stream.Stream;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Log shipping from Log4j 2 (the JDK HttpServer app), once per installed JDK with synchronous
 * loggers and once with Log4j's asynchronous loggers. A standalone app runs Log4j garbage-free
 * (messages and events reused per thread) and the asynchronous loggers hand a reused ring-buffer
 * event to their own thread: what is shipped must have been read on the logging thread.
 */
@ParameterizedClass(name = "Log4j 2, {1} loggers, on {0}")
@MethodSource("jdksAndLoggers")
class Log4j2ShippingIT extends LogShippingSpec {

  static final String ASYNC_SELECTOR =
      "org.apache.logging.log4j.core.async.AsyncLoggerContextSelector";

  private static OtlpReceiver receiver;
  private static AgentApp app;

  /** The JDK of this invocation; the app below runs on it. */
  @Parameter(0)
  Jdk jdk;

  /** "synchronous" or "asynchronous". */
  @Parameter(1)
  String loggers;

  static Stream<Arguments> jdksAndLoggers() {
    return Jdks.available().flatMap(jdk ->
        Stream.of(Arguments.of(jdk, "synchronous"), Arguments.of(jdk, "asynchronous")));
  }

  @BeforeParameterizedClassInvocation
  static void startTheJdkHttpServerShippingLogs(Jdk jdk, String loggers) {
    receiver = OtlpReceiver.start();
    AgentApp.Builder builder = shipping(AgentApp.of(App.JDK_HTTPSERVER).on(jdk)
        .serviceName("log4j2-shipping-smoke")).exportingTo(receiver);
    if (loggers.equals("asynchronous")) {
      builder.systemProperty("log4j2.contextSelector", ASYNC_SELECTOR);
    }
    app = builder.start();
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
    return "dev.sonde.smoke.apps.jdkhttpserver.Main";
  }
}

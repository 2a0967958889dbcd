package dev.sonde.instrumentation.servlet.javax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.instrumentation.api.testing.AdviceHarness;
import dev.sonde.instrumentation.api.testing.RecordingHttpServerHook;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ContainerRequestAdvice} and {@link ServletAdvice} in a real embedded Tomcat 9, in the
 * advice harness: the container's handling of a request ({@code CoyoteAdapter.service}) wraps the
 * servlet's, and a failed request's exception reaches the hook unwrapped.
 */
class TomcatContainerAdviceTest {

  private static AdviceHarness harness;
  private static Supplier<Integer> tomcat;
  private static int port;
  private RecordingHttpServerHook hook;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void start() {
    harness = AdviceHarness.of(new ServletInstrumentation(), "javax.servlet.",
        "org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.", "org.apache.juli.",
        "org.apache.naming.", TomcatScenario.class.getName());
    tomcat = harness.create(TomcatScenario.class, Supplier.class);
    port = tomcat.get();
  }

  @AfterAll
  static void stop() throws Exception {
    ((AutoCloseable) tomcat).close();
    harness.close();
  }

  @BeforeEach
  void record() {
    hook = RecordingHttpServerHook.install();
  }

  @AfterEach
  void restore() {
    hook.close();
  }

  @Test
  void theContainersHandlingOfARequestWrapsTheServletsOnItsThread() throws Exception {
    assertThat(get("/ok")).isEqualTo(200);

    assertThat(callsOfOneRequest()).containsExactly("containerStarted", "start", "requestId",
        "end", "containerEnded");
    assertThat(hook.calls("end").get(0).arg(1)).isEqualTo(200);
    assertThat(hook.calls("containerEnded").get(0).arg(0)).isEqualTo("container");
    assertThat(harness.transformed()).contains("org.apache.catalina.connector.CoyoteAdapter");
  }

  @Test
  void aFailedRequestsApplicationExceptionReachesTheHookAndTheClientGets500() throws Exception {
    assertThat(get("/fail")).isEqualTo(500);

    callsOfOneRequest();
    Throwable error = (Throwable) hook.calls("end").get(0).arg(3);
    assertThat(error).isInstanceOf(IllegalStateException.class).hasMessage("out of stock");
  }

  private int get(String path) throws Exception {
    HttpURLConnection connection =
        (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
    try {
      return connection.getResponseCode();
    } finally {
      connection.disconnect();
    }
  }

  /** The calls, once the container is done with the request (after the client's response). */
  private List<String> callsOfOneRequest() throws InterruptedException {
    for (int i = 0; i < 500 && !hook.methods().contains("containerEnded"); i++) {
      Thread.sleep(10);
    }
    return hook.methods();
  }
}

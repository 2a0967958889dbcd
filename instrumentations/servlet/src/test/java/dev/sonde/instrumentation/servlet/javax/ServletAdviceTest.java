package dev.sonde.instrumentation.servlet.javax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.bootstrap.HttpServerHook;
import dev.sonde.instrumentation.api.testing.AdviceHarness;
import dev.sonde.instrumentation.api.testing.RecordingHttpServerHook;
import dev.sonde.instrumentation.api.testing.RecordingHttpServerHook.Call;
import dev.sonde.instrumentation.api.testing.ShapeCoverage;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The module's matchers and {@link ServletAdvice} on the real servlet API, in the advice harness:
 * a real {@code HttpServlet} and {@code Filter}, request and response answered from maps.
 */
@SuppressWarnings("unchecked")
class ServletAdviceTest {

  private AdviceHarness harness;
  private Function<Map<String, Object>, Map<String, Object>> scenario;
  private RecordingHttpServerHook hook;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void load() {
    harness = AdviceHarness.of(new ServletInstrumentation(), "javax.servlet.",
        ServletScenario.class.getName());
    scenario = harness.create(ServletScenario.class, Function.class);
    hook = RecordingHttpServerHook.install();
  }

  @AfterEach
  void close() throws Exception {
    hook.close();
    harness.close();
  }

  @Test
  void aRequestIsStartedWithWhatTheRequestSaysAndEndedWithItsStatusAndRoute() {
    Map<String, Object> result = scenario.apply(Map.of("status", 201, "pattern", "/orders/{id}"));

    assertThat(hook.methods()).containsExactly("start", "requestId", "end");
    assertThat(hook.calls("start").get(0).args()).isEqualTo(Arrays.asList("GET", "http",
        "shop.example", 8080, "/shop/orders/42", "page=2", "HTTP/1.1", "10.0.0.7", "curl/8.5",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null, null));
    Call end = hook.calls("end").get(0);
    assertThat(end.arg(0)).isInstanceOf(RecordingHttpServerHook.Scope.class);
    assertThat(end.args().subList(1, 4)).containsExactly(201, "/shop/orders/{id}", null);
    assertThat((Map<String, String>) result.get("headers"))
        .containsEntry(HttpServerHook.REQUEST_ID_HEADER, RecordingHttpServerHook.REQUEST_ID);
    assertThat(harness.transformed()).contains("javax.servlet.http.HttpServlet");
  }

  @Test
  void theHooksEndGetsTheApplicationsExceptionNotTheServletExceptionWrappingIt() {
    Map<String, Object> result = scenario.apply(Map.of("fail", "out of stock"));

    assertThat(result.get("thrown").getClass().getName())
        .isEqualTo("javax.servlet.ServletException");
    Throwable error = (Throwable) hook.calls("end").get(0).arg(3);
    assertThat(error).isInstanceOf(IllegalStateException.class).hasMessage("out of stock");
  }

  @Test
  void aFilterInFrontOfTheServletMakesOneRequestNotTwo() {
    scenario.apply(Map.of("filter", true, "status", 204));

    assertThat(hook.methods()).containsExactly("start", "requestId", "end");
    assertThat(hook.calls("end").get(0).arg(1)).isEqualTo(204);
    assertThat(harness.transformed()).contains(ServletScenario.PassingFilter.class.getName());
  }

  @Test
  void theLibraryShapeCoversWhatTheAdviceReferences() {
    // The shape names what tells a servlet API the advice fits (3.0+: async) from older ones;
    // these are in every servlet API since 2.2, which the marker type already stands for.
    ShapeCoverage.assertCovered(new ServletInstrumentation(), Map.of(
        "javax.servlet.http.HttpServletRequest", "its getters are all in servlet 2.2",
        "javax.servlet.ServletResponse", "only the advice's parameter type"));
  }
}

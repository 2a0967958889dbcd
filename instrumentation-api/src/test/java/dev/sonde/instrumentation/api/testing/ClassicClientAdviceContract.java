package dev.sonde.instrumentation.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.instrumentation.api.InstrumentationModule;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every classic (blocking {@code execute}) HTTP client's advice must do, in the real library
 * (the version the build names in {@code httpclient.expected}), calling a real local server,
 * recorded by the agent's real recorder. A module's test extends it with its library's names; the
 * scenario is a {@code Function} taking {@code url}, optional {@code times}, {@code traceparent}
 * and {@code tracestate}, and answering {@code status}, {@code thrown}, the application's request
 * object's {@code appRequestTraceparent} and {@code appRequestTracestate} after the call and
 * {@code appRequestTraceparentWhileSent} (read by a request interceptor of the client).
 */
@SuppressWarnings("unchecked")
public abstract class ClassicClientAdviceContract {

  private final InstrumentationModule module;
  private final String libraryPrefix;
  private final Class<?> scenarioClass;
  private final String libraryClassFile;
  private final String transformedClass;

  private AdviceHarness harness;
  private Function<Map<String, Object>, Map<String, Object>> scenario;
  private ClientTelemetry telemetry;
  private RecordingServer server;

  /**
   * @param libraryPrefix the library's packages, loaded child-first with the scenario
   * @param libraryClassFile a class file of the library, to find the jar under test
   * @param transformedClass the class the advice must have been applied to
   */
  protected ClassicClientAdviceContract(InstrumentationModule module, String libraryPrefix,
      Class<?> scenarioClass, String libraryClassFile, String transformedClass) {
    this.module = module;
    this.libraryPrefix = libraryPrefix;
    this.scenarioClass = scenarioClass;
    this.libraryClassFile = libraryClassFile;
    this.transformedClass = transformedClass;
  }

  @BeforeEach
  void start() throws Exception {
    harness = AdviceHarness.of(module, libraryPrefix, scenarioClass.getName());
    scenario = harness.create(scenarioClass, Function.class);
    telemetry = new ClientTelemetry();
    server = RecordingServer.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    telemetry.close();
    harness.close();
  }

  private Map<String, Object> call(Map<String, Object> in) throws Exception {
    Map<String, Object> out = new HashMap<>();
    telemetry.inSpan(() -> out.putAll(scenario.apply(in)));
    return out;
  }

  private String address() {
    return "127.0.0.1:" + server.port();
  }

  @Test
  void theVersionUnderTestIsTheOneTheBuildNames() {
    String jar = getClass().getClassLoader()
        .getResource(libraryClassFile).toString();
    assertThat(jar).contains(System.getProperty("httpclient.expected") + ".jar");
  }

  @Test
  void executeMakesOneClientSpanWhoseContextTheServerReceives() throws Exception {
    Map<String, Object> out = call(Map.of("url", server.url("/items/7?sig=abc&page=2")));

    assertThat(out.get("status")).isEqualTo(200);
    assertThat(telemetry.clientSpans()).hasSize(1);
    SpanData client = telemetry.clientSpans().get(0);
    assertThat(client.getName()).isEqualTo("GET");
    assertThat(client.getAttributes().get(AttributeKey.stringKey("url.full")))
        .isEqualTo(server.url("/items/7?sig=REDACTED&page=2"));
    assertThat(client.getAttributes().get(AttributeKey.longKey("server.port")))
        .isEqualTo(server.port());
    assertThat(client.getAttributes().get(AttributeKey.stringKey("network.protocol.version")))
        .isEqualTo("1.1");
    assertThat(server.received().get(0).traceparent())
        .startsWith("00-" + client.getTraceId() + "-" + client.getSpanId() + "-");
    assertThat(out.get("appRequestTraceparent")).as("the application's request unchanged")
        .isNull();
    assertThat(telemetry.requests("GET", address(), "200")).isEqualTo(1);
    assertThat(harness.transformed())
        .contains(transformedClass);
  }

  @Test
  void aRedirectStaysInsideTheOneSpanAndCarriesItsContext() throws Exception {
    Map<String, Object> out = call(Map.of("url", server.url("/redirect")));

    assertThat(out.get("status")).isEqualTo(200);
    assertThat(telemetry.clientSpans()).hasSize(1);
    String spanId = telemetry.clientSpans().get(0).getSpanId();
    assertThat(server.received()).hasSize(2)
        .allSatisfy(r -> assertThat(r.traceparent()).contains(spanId));
  }

  @Test
  void theSameRequestObjectSentTwiceMakesTwoSpansEachWithItsOwnHeader() throws Exception {
    call(Map.of("url", server.url("/"), "times", 2));

    assertThat(telemetry.clientSpans()).hasSize(2);
    assertThat(server.received().get(0).traceparent())
        .contains(telemetry.clientSpans().get(0).getSpanId());
    assertThat(server.received().get(1).traceparent())
        .contains(telemetry.clientSpans().get(1).getSpanId());
  }

  @Test
  void aServerErrorIsAnErrorSpan() throws Exception {
    call(Map.of("url", server.url("/status/500")));

    SpanData client = telemetry.clientSpans().get(0);
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(telemetry.requests("GET", address(), "500")).isEqualTo(1);
  }

  @Test
  void aRefusedConnectionThrowsTheClientsOwnExceptionAndIsCounted() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Map<String, Object> out = call(Map.of("url", "http://127.0.0.1:" + closed + "/"));

    Throwable thrown = (Throwable) out.get("thrown");
    assertThat(thrown).isNotNull();
    SpanData client = telemetry.clientSpans().get(0);
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(client.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo(thrown.getClass().getName());
    assertThat(telemetry.requests("GET", "127.0.0.1:" + closed, "_none")).isEqualTo(1);
  }

  @Test
  void anApplicationTraceparentIsLeftAlone() throws Exception {
    String own = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    Map<String, Object> out = call(Map.of("url", server.url("/"), "traceparent", own));

    assertThat(server.received().get(0).traceparent()).isEqualTo(own);
    assertThat(out.get("appRequestTraceparent")).isEqualTo(own);
  }

  @Test
  void theApplicationsRequestObjectIsNeverChangedWhileSentOrAfter() throws Exception {
    Map<String, Object> out = call(Map.of("url", server.url("/redirect"), "tracestate", "app=1"));

    assertThat(out.get("status")).isEqualTo(200);
    assertThat(out).containsKey("appRequestTraceparentWhileSent");
    assertThat(out.get("appRequestTraceparentWhileSent")).as("while it is sent").isNull();
    assertThat(out.get("appRequestTraceparent")).as("after the call").isNull();
    assertThat(out.get("appRequestTracestate")).as("the application's own tracestate")
        .isEqualTo("app=1");
    String spanId = telemetry.clientSpans().get(0).getSpanId();
    assertThat(server.received()).hasSize(2).allSatisfy(r -> {
      assertThat(r.traceparent()).contains(spanId);
      assertThat(r.tracestate()).isEqualTo("app=1");
    });
  }

  @Test
  void withoutACurrentSpanTheCallIsMeasuredButNotTracedAndGetsNoHeader() {
    scenario.apply(Map.of("url", server.url("/")));

    assertThat(server.received().get(0).traceparent()).isNull();
    assertThat(telemetry.clientSpans()).isEmpty();
    assertThat(telemetry.requests("GET", address(), "200")).isEqualTo(1);
  }
}

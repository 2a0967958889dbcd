package dev.sonde.e2e.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class CountingOtlpReceiverTest {

  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void countsTheSpansOfEveryScopeOfEveryResource() throws Exception {
    ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(resourceSpans("a", 3, 2))
        .addResourceSpans(resourceSpans("b", 4))
        .build();
    try (CountingOtlpReceiver receiver = new CountingOtlpReceiver()) {
      assertThat(post(receiver, request.toByteArray(), false)).isEqualTo(200);
      assertThat(receiver.spans()).isEqualTo(9);

      assertThat(post(receiver, gzip(request.toByteArray()), true)).isEqualTo(200);
      assertThat(receiver.spans()).isEqualTo(18);
      assertThat(receiver.rejected()).isZero();
    }
  }

  @Test
  void countsTheSpansOfExportsLargerThanAnyBuffer() throws Exception {
    // An agent's full batch: 512 spans with attributes, tens of kilobytes, far more than a buffer.
    ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(resourceSpans("big", 512)).build();
    assertThat(request.getSerializedSize()).isGreaterThan(32 * 1024);
    try (CountingOtlpReceiver receiver = new CountingOtlpReceiver()) {
      for (int export = 1; export <= 3; export++) {
        boolean gzipped = export == 2;
        byte[] body = gzipped ? gzip(request.toByteArray()) : request.toByteArray();
        assertThat(post(receiver, body, gzipped)).isEqualTo(200);
        assertThat(receiver.spans()).isEqualTo(512L * export);
      }
    }
  }

  @Test
  void refusesWhatIsNotProtobuf() throws Exception {
    try (CountingOtlpReceiver receiver = new CountingOtlpReceiver()) {
      // A length-delimited field whose length runs past the end of the body.
      assertThat(post(receiver, new byte[] {0x0a, 0x7f, 0x01}, false)).isEqualTo(400);
      assertThat(receiver.rejected()).isEqualTo(1);
      assertThat(receiver.spans()).isZero();
    }
  }

  private static ResourceSpans resourceSpans(String service, int... spansPerScope) {
    ResourceSpans.Builder resource = ResourceSpans.newBuilder().setResource(Resource.newBuilder()
        .addAttributes(KeyValue.newBuilder().setKey("service.name")
            .setValue(AnyValue.newBuilder().setStringValue(service))));
    for (int scope = 0; scope < spansPerScope.length; scope++) {
      ScopeSpans.Builder scopeSpans = ScopeSpans.newBuilder()
          .setScope(InstrumentationScope.newBuilder().setName("scope-" + scope))
          .setSchemaUrl("https://opentelemetry.io/schemas/1.37.0");
      for (int i = 0; i < spansPerScope[scope]; i++) {
        scopeSpans.addSpans(Span.newBuilder().setName("span " + i)
            .addAttributes(KeyValue.newBuilder().setKey("n")
                .setValue(AnyValue.newBuilder().setIntValue(i)))
            .addAttributes(KeyValue.newBuilder().setKey("db.query.text")
                .setValue(AnyValue.newBuilder().setStringValue(
                    "SELECT id, name, price FROM items WHERE id = ? AND name <> ? -- " + i))));
      }
      resource.addScopeSpans(scopeSpans);
    }
    return resource.build();
  }

  private int post(CountingOtlpReceiver receiver, byte[] body, boolean gzipped) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(receiver.endpoint()
            + "/v1/traces"))
        .header("Content-Type", "application/x-protobuf")
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (gzipped) {
      request.header("Content-Encoding", "gzip");
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }
}

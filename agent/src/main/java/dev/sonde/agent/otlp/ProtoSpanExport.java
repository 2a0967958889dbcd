package dev.sonde.agent.otlp;

import dev.sonde.agent.export.ExportFailure;
import dev.sonde.agent.trace.SpanExport;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;

/**
 * Spans over OTLP/HTTP with protobuf: each encoded by the thread that ends it
 * ({@link SpanRequestEncoder#encodeSpan}), the batches put together and posted by the export
 * thread. gRPC still goes through the SDK's exporter.
 */
final class ProtoSpanExport implements SpanExport<byte[]> {

  private final SpanRequestEncoder requests = new SpanRequestEncoder();
  private final Resource resource;
  private final InstrumentationScopeInfo scope;
  private final OtlpHttpPost post;

  ProtoSpanExport(Resource resource, InstrumentationScopeInfo scope, OtlpHttpPost post) {
    this.resource = resource;
    this.scope = scope;
    this.post = post;
  }

  @Override
  public byte[] prepare(SpanData span) {
    return SpanRequestEncoder.encodeSpan(span);
  }

  @Override
  public ExportFailure send(List<byte[]> batch) {
    int size = requests.request(resource, scope, batch);
    return post.send(requests.bytes(), size);
  }

  @Override
  public void shutdown() {
    // Nothing held: the JDK keeps (and closes) the kept-alive connection.
  }
}

package dev.sonde.agent.otlp;

import dev.sonde.agent.export.ExportFailure;
import dev.sonde.agent.trace.SpanExport;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;

/**
 * Spans over OTLP/HTTP with protobuf: the queue holds the ended spans as they are, the export
 * thread encodes each batch into one request ({@link SpanRequestEncoder}) and posts it. No array
 * per span: the span's own fields are read straight into the request's buffer. gRPC still goes
 * through the SDK's exporter.
 */
final class ProtoSpanExport implements SpanExport<SpanData> {

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
  public SpanData prepare(SpanData span) {
    return span;
  }

  @Override
  public ExportFailure send(List<SpanData> batch) {
    int size = requests.request(resource, scope, batch);
    return post.send(requests.bytes(), size);
  }

  @Override
  public void shutdown() {
    // Nothing held: the JDK keeps (and closes) the kept-alive connection.
  }
}

package dev.sonde.agent.otlp;

import dev.sonde.agent.export.ExportFailure;
import dev.sonde.agent.logs.LogExport;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.resources.Resource;
import java.util.List;

/**
 * Log records over OTLP/HTTP with protobuf: a batch encoded by the log export thread
 * ({@link LogsRequestEncoder}) and posted as spans are ({@link OtlpHttpPost}).
 */
final class ProtoLogExport implements LogExport {

  private final LogsRequestEncoder requests = new LogsRequestEncoder();
  private final Resource resource;
  private final OtlpHttpPost post;

  ProtoLogExport(Resource resource, OtlpHttpPost post) {
    this.resource = resource;
    this.post = post;
  }

  @Override
  public ExportFailure send(List<LogRecordData> batch) {
    int size = requests.request(resource, batch);
    return post.send(requests.bytes(), size);
  }

  @Override
  public void shutdown() {
    // Nothing held: the JDK keeps (and closes) the kept-alive connection.
  }
}

package dev.sonde.agent.otlp;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/**
 * Spans over OTLP/HTTP with protobuf, encoded by {@link SpanRequestEncoder} and posted on the
 * calling thread (the agent's export thread). Synchronous: the result it returns is already done.
 * gRPC still goes through the SDK's exporter.
 */
final class ProtoSpanExporter implements SpanExporter {

  private final SpanRequestEncoder encoder = new SpanRequestEncoder();
  private final OtlpHttpPost post;

  ProtoSpanExporter(OtlpHttpPost post) {
    this.post = post;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    String failure;
    try {
      int size = encoder.encode(spans);
      failure = post.send(encoder.bytes(), size);
    } catch (RuntimeException e) {
      failure = e.toString();
    }
    return failure == null ? CompletableResultCode.ofSuccess()
        : CompletableResultCode.ofExceptionalFailure(new ExportFailure(failure));
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }

  /** Why a batch was not accepted, as the agent's export-failure log line shows it. */
  static final class ExportFailure extends Exception {
    private static final long serialVersionUID = 1L;

    ExportFailure(String message) {
      super(message, null, false, false);
    }
  }
}

package dev.sonde.instrumentation.apache5;

import dev.sonde.bootstrap.ClassicClientHeaders;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.ClassicHttpRequest;

/**
 * Inlined into the classic client's {@code ProtocolExec.execute(ClassicHttpRequest,
 * ExecChain.Scope, ExecChain)}, which every attempt passes (the first, each retry, each redirect
 * hop): its request is the client's own copy of the application's, which gets the trace headers
 * of the request this thread's {@code execute} started, before the client's request
 * interceptors run.
 */
public final class ApacheHttpClient5SendAdvice {

  private ApacheHttpClient5SendAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.Argument(0) ClassicHttpRequest request) {
    String[] headers = ClassicClientHeaders.get();
    if (headers != null) {
      for (int i = 0; i + 1 < headers.length && headers[i] != null; i += 2) {
        request.setHeader(headers[i], headers[i + 1]);
      }
    }
  }
}

package dev.sonde.instrumentation.apache4;

import dev.sonde.bootstrap.ClassicClientHeaders;
import net.bytebuddy.asm.Advice;
import org.apache.http.HttpRequest;

/**
 * Inlined into {@code HttpRequestExecutor.execute(HttpRequest, HttpClientConnection,
 * HttpContext)}, which every client of 4.x (the exec chain's, the minimal and the deprecated
 * {@code AbstractHttpClient}'s) sends each attempt through: the request there is the client's
 * own wrapper (its own headers copied from the application's request), which gets the trace
 * headers of the request this thread's {@code execute} started.
 */
public final class ApacheHttpClient4SendAdvice {

  private ApacheHttpClient4SendAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter(@Advice.Argument(0) HttpRequest request) {
    String[] headers = ClassicClientHeaders.get();
    if (headers != null) {
      for (int i = 0; i + 1 < headers.length && headers[i] != null; i += 2) {
        request.setHeader(headers[i], headers[i + 1]);
      }
    }
  }
}

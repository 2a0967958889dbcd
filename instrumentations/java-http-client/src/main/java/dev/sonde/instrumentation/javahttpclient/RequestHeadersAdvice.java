package dev.sonde.instrumentation.javahttpclient;

import dev.sonde.bootstrap.javahttpclient.JavaHttpClientHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code ImmutableHttpRequest.headers()}: while the request is being sent on this
 * thread, the JDK's copy of it reads its headers with the trace context added. Any other read
 * (the application's) gets the headers unchanged.
 */
public final class RequestHeadersAdvice {

  private RequestHeadersAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void onExit(@Advice.This Object request,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object headers) {
    headers = JavaHttpClientHooks.hook.headers(request, headers);
  }
}

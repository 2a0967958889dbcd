package dev.sonde.instrumentation.servlet.javax;

import dev.sonde.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the container's handling of one request (Tomcat's {@code CoyoteAdapter.service},
 * Jetty's channel {@code handle}), around the servlets and filters: a request that failed keeps
 * its context until here, where the container has logged the failure and run its error page.
 */
public final class ContainerRequestAdvice {

  private ContainerRequestAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object onEnter() {
    return Hooks.httpServer.containerStarted();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Enter Object started) {
    Hooks.httpServer.containerEnded(started);
  }
}

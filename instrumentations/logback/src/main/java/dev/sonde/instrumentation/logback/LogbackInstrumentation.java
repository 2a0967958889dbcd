package dev.sonde.instrumentation.logback;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sonde.bootstrap.Hooks;
import dev.sonde.instrumentation.api.InstrumentationModule;
import dev.sonde.instrumentation.api.LibraryShape;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.TypeInstrumentation;
import dev.sonde.instrumentation.api.trace.LogCorrelation;
import java.util.Collections;
import java.util.List;

/**
 * Logback: a log event's MDC map gains the correlation fields of the span current when the map
 * is first read, which Logback does on the logging thread (for asynchronous appenders too, in
 * {@code prepareForDeferredProcessing}). The application's MDC itself is never written: nothing
 * to clean up, and the application's own keys are left alone.
 */
public final class LogbackInstrumentation implements InstrumentationModule {

  @Override
  public String name() {
    return "logback";
  }

  @Override
  public LibraryShape shape() {
    return LibraryShape.requires("ch.qos.logback.classic.spi.LoggingEvent", "getMDCPropertyMap");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(TypeInstrumentation.of(
        named("ch.qos.logback.classic.spi.LoggingEvent"),
        named("getMDCPropertyMap").and(takesArguments(0)),
        LogbackMdcAdvice.class));
  }

  @Override
  public void start(Telemetry telemetry) {
    Hooks.logCorrelation = LogCorrelation.configure(telemetry.config());
  }
}

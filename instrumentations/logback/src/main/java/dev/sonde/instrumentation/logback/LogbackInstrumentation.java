package dev.sonde.instrumentation.logback;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sonde.bootstrap.logback.LogbackHooks;
import dev.sonde.instrumentation.api.InstrumentationModule;
import dev.sonde.instrumentation.api.LibraryShape;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.TypeInstrumentation;
import dev.sonde.instrumentation.api.logs.LogEventRecorder;
import dev.sonde.instrumentation.api.logs.SeverityScale;
import java.util.Arrays;
import java.util.List;

/**
 * Logback, two things.
 *
 * <p>Correlation: a log event's MDC map gains the correlation fields of the span current when the
 * map is first read, which Logback does on the logging thread (for asynchronous appenders too, in
 * {@code prepareForDeferredProcessing}). The application's MDC itself is never written: nothing
 * to clean up, and the application's own keys are left alone.
 *
 * <p>Shipping ({@code sonde.logs.exporter=otlp}): each event is handed to the agent once, on the
 * logging thread, where {@code Logger.callAppenders} starts appending it. However many appenders
 * and additive loggers write it, that call happens once per event.
 */
public final class LogbackInstrumentation implements InstrumentationModule {

  @Override
  public String name() {
    return "logback";
  }

  @Override
  public LibraryShape shape() {
    return LibraryShape.requires("ch.qos.logback.classic.spi.LoggingEvent", "getMDCPropertyMap")
        .and("ch.qos.logback.classic.Logger", "callAppenders")
        .and("ch.qos.logback.classic.spi.ILoggingEvent", "getTimeStamp", "getLevel",
            "getLoggerName", "getThreadName", "getFormattedMessage", "getThrowableProxy",
            "getMDCPropertyMap")
        .and("ch.qos.logback.classic.spi.ThrowableProxy", "getThrowable")
        .and("ch.qos.logback.classic.Level", "toInt");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        TypeInstrumentation.of(
            named("ch.qos.logback.classic.spi.LoggingEvent"),
            named("getMDCPropertyMap").and(takesArguments(0)),
            LogbackMdcAdvice.class),
        TypeInstrumentation.of(
            named("ch.qos.logback.classic.Logger"),
            named("callAppenders").and(takesArguments(1))
                .and(takesArgument(0, named("ch.qos.logback.classic.spi.ILoggingEvent"))),
            LogbackShippingAdvice.class));
  }

  @Override
  public void start(Telemetry telemetry) {
    LogbackHooks.events = LogEventRecorder.of(telemetry, SeverityScale.LOGBACK);
  }
}

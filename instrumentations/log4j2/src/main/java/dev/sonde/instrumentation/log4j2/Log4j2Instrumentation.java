package dev.sonde.instrumentation.log4j2;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sonde.bootstrap.log4j2.Log4j2Hooks;
import dev.sonde.instrumentation.api.InstrumentationModule;
import dev.sonde.instrumentation.api.LibraryShape;
import dev.sonde.instrumentation.api.SuperTypes;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.TypeInstrumentation;
import dev.sonde.instrumentation.api.logs.LogEventRecorder;
import dev.sonde.instrumentation.api.logs.SeverityScale;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Log4j 2, two things.
 *
 * <p>Correlation: the context data every log event is created with (what {@code %X} prints) gains
 * the correlation fields of the current span. Log4j builds it on the logging thread, in
 * {@code ContextDataInjector.injectContextData}, for synchronous and asynchronous loggers alike.
 * The ThreadContext itself is never written.
 *
 * <p>Shipping ({@code sonde.logs.exporter=otlp}): each event is handed to the agent once, on the
 * logging thread, when it reaches the logger after its level check: {@code logMessage} or (2.13+)
 * {@code log} with a location, of the core {@code Logger} and of the {@code AsyncLogger} that
 * overrides both. Neither calls the other, and a {@code LoggerConfig} hierarchy with several
 * appenders sees the event after this point: one record per event. Log4j-api loggers that hand
 * events to another framework (log4j-to-slf4j) are not core loggers: that framework ships them.
 * The MDC of a shipped record is the ThreadContext at that moment.
 */
public final class Log4j2Instrumentation implements InstrumentationModule {

  private static final String LEVEL = "org.apache.logging.log4j.Level";
  private static final String MESSAGE = "org.apache.logging.log4j.message.Message";

  @Override
  public String name() {
    return "log4j2";
  }

  @Override
  public LibraryShape shape() {
    return LibraryShape.requires("org.apache.logging.log4j.core.ContextDataInjector",
            "injectContextData")
        .and("org.apache.logging.log4j.util.StringMap", "isFrozen", "putValue", "containsKey")
        .and("org.apache.logging.log4j.util.SortedArrayStringMap")
        .and("org.apache.logging.log4j.core.Logger", "logMessage", "getName")
        .and(LEVEL, "intLevel", "name")
        .and(MESSAGE, "getFormattedMessage")
        .and("org.apache.logging.log4j.ThreadContext", "getImmutableContext");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    // By name: the core loggers that implement these methods. Other subclasses inherit them.
    ElementMatcher<TypeDescription> coreLoggers = namedOneOf(
        "org.apache.logging.log4j.core.Logger", "org.apache.logging.log4j.core.async.AsyncLogger");
    return Arrays.asList(
        TypeInstrumentation.of(
            SuperTypes.implementing("org.apache.logging.log4j.core.ContextDataInjector"),
            named("injectContextData").and(takesArguments(2)).and(not(isAbstract()))
                .and(returns(named("org.apache.logging.log4j.util.StringMap"))),
            Log4j2ContextDataAdvice.class),
        TypeInstrumentation.of(coreLoggers,
            named("logMessage").and(takesArguments(5))
                .and(takesArgument(1, named(LEVEL))).and(takesArgument(3, named(MESSAGE))),
            Log4j2LogMessageAdvice.class),
        TypeInstrumentation.of(coreLoggers,
            named("log").and(takesArguments(6)).and(takesArgument(0, named(LEVEL)))
                .and(takesArgument(3, named("java.lang.StackTraceElement")))
                .and(takesArgument(4, named(MESSAGE))),
            Log4j2LogAdvice.class));
  }

  @Override
  public void start(Telemetry telemetry) {
    Log4j2Hooks.events = LogEventRecorder.of(telemetry, SeverityScale.LOG4J2);
  }
}

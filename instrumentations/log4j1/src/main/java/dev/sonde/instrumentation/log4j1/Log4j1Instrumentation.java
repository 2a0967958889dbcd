package dev.sonde.instrumentation.log4j1;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sonde.instrumentation.api.InstrumentationModule;
import dev.sonde.instrumentation.api.LibraryShape;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Log4j 1.2: a log event's MDC gains the correlation fields of the span current on the thread
 * that logs it. The application's MDC itself is never written.
 *
 * <p>A Log4j 1.2 {@code LoggingEvent} reads the MDC lazily. Until its one snapshot,
 * {@code getMDCCopy()}, {@code getMDC(key)} (what {@code %X{key}} prints) reads the logging
 * thread's MDC; the snapshot clones that MDC into the event, and from then on the event reads its
 * copy. Log4j takes the snapshot on the logging thread before an event leaves it:
 * {@code AsyncAppender.append} calls {@code getMDCCopy()} before queueing, serialization
 * ({@code SocketAppender}, {@code JMSAppender}) calls it in {@code writeObject}, and
 * {@code getProperties()} ({@code %X} of every key, {@code EnhancedPatternLayout}) calls it first.
 * The advice follows the same two steps, so the agent's fields are captured exactly where and
 * when the application's own MDC values are: the snapshot adds them to the event's copy, and a
 * {@code getMDC(key)} before any snapshot answers from the current span. Once the event has its
 * snapshot, the current span is never asked again: an asynchronous appender's thread, whatever
 * span it runs in, reads what the logging thread captured. Events built with an explicit MDC
 * (the constructor taking properties, deserialized events from a socket) are left as they are.
 */
public final class Log4j1Instrumentation implements InstrumentationModule {

  private static final String LOGGING_EVENT = "org.apache.log4j.spi.LoggingEvent";

  @Override
  public String name() {
    return "log4j1";
  }

  @Override
  public LibraryShape shape() {
    return LibraryShape.requires(LOGGING_EVENT, "getMDC", "getMDCCopy")
        .and("org.apache.log4j.MDC", "get");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    // One matcher instance for both: the agent matches the type once.
    ElementMatcher<TypeDescription> loggingEvent = named(LOGGING_EVENT);
    return Arrays.asList(
        TypeInstrumentation.of(loggingEvent, named("getMDCCopy").and(takesArguments(0)),
            Log4j1MdcCopyAdvice.class),
        TypeInstrumentation.of(loggingEvent,
            named("getMDC").and(takesArguments(1)).and(takesArgument(0, String.class)),
            Log4j1MdcGetAdvice.class));
  }

  /** Nothing to start: the advice asks {@code Hooks.logCorrelation}, which the agent sets. */
  @Override
  public void start(Telemetry telemetry) {}
}

package dev.sonde.instrumentation.log4j2;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
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
 * Log4j 2: the context data every log event is created with (what {@code %X} prints) gains the
 * correlation fields of the current span. Log4j builds it on the logging thread, in
 * {@code ContextDataInjector.injectContextData}, for synchronous and asynchronous loggers alike.
 * The ThreadContext itself is never written.
 */
public final class Log4j2Instrumentation implements InstrumentationModule {

  @Override
  public String name() {
    return "log4j2";
  }

  @Override
  public LibraryShape shape() {
    return LibraryShape.requires("org.apache.logging.log4j.core.ContextDataInjector",
            "injectContextData")
        .and("org.apache.logging.log4j.util.StringMap", "isFrozen", "putValue", "containsKey")
        .and("org.apache.logging.log4j.util.SortedArrayStringMap");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(TypeInstrumentation.of(
        not(isInterface()).and(
            hasSuperType(named("org.apache.logging.log4j.core.ContextDataInjector"))),
        named("injectContextData").and(takesArguments(2)).and(not(isAbstract()))
            .and(returns(named("org.apache.logging.log4j.util.StringMap"))),
        Log4j2ContextDataAdvice.class));
  }

  @Override
  public void start(Telemetry telemetry) {
    Hooks.logCorrelation = LogCorrelation.configure(telemetry.config());
  }
}

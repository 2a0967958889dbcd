package dev.sonde.instrumentation.logback;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Map;
import java.util.function.BiFunction;
import org.slf4j.MDC;

/**
 * Run in the advice harness's loader, against the real Logback: logs one event with the given
 * MDC trace id (null: none) and an {@code app} MDC key, and answers the event's MDC map.
 */
public class LogbackScenario implements BiFunction<String, Throwable, Map<String, String>> {

  @Override
  public Map<String, String> apply(String appTraceId, Throwable thrown) {
    LoggerContext context = new LoggerContext();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.setContext(context);
    appender.start();
    Logger logger = context.getLogger("orders");
    logger.addAppender(appender);
    MDC.put("app", "checkout");
    if (appTraceId != null) {
      MDC.put("trace_id", appTraceId);
    }
    try {
      logger.warn("order {} failed", 42, thrown);
      // Read on the logging thread, as appenders do: Logback takes the MDC when first asked.
      return appender.list.get(0).getMDCPropertyMap();
    } finally {
      MDC.clear();
    }
  }
}

package dev.sonde.instrumentation.log4j2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.config.Property;

/**
 * Run in the advice harness's loader, against the real Log4j 2: logs one event with the given
 * ThreadContext trace id (null: none) and an {@code app} key, and answers the context data the
 * appender saw.
 */
public class Log4j2Scenario implements BiFunction<String, Throwable, Map<String, String>> {

  /** Keeps what each event's context data held when the appender got it. */
  static final class Capture extends AbstractAppender {
    final List<Map<String, String>> contextData = new ArrayList<>();

    Capture() {
      super("capture", null, null, true, Property.EMPTY_ARRAY);
    }

    @Override
    public void append(LogEvent event) {
      contextData.add(event.getContextData().toMap());
    }
  }

  @Override
  public Map<String, String> apply(String appTraceId, Throwable thrown) {
    LoggerContext context = new LoggerContext("advice-test");
    Configuration configuration = new DefaultConfiguration();
    Capture capture = new Capture();
    capture.start();
    configuration.getRootLogger().setLevel(Level.INFO);
    for (String console : new ArrayList<>(configuration.getRootLogger().getAppenders().keySet())) {
      configuration.getRootLogger().removeAppender(console);
    }
    configuration.getRootLogger().addAppender(capture, Level.ALL, null);
    context.start(configuration);
    Logger logger = context.getLogger("orders");
    ThreadContext.put("app", "checkout");
    if (appTraceId != null) {
      ThreadContext.put("trace_id", appTraceId);
    }
    try {
      logger.warn("order {} failed", 42, thrown);
    } finally {
      ThreadContext.clearMap();
      context.stop();
    }
    return capture.contextData.get(0);
  }
}

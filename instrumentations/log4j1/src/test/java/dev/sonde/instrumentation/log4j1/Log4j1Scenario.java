package dev.sonde.instrumentation.log4j1;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Hierarchy;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.MDC;
import org.apache.log4j.spi.LoggingEvent;
import org.apache.log4j.spi.RootLogger;

/**
 * Run in the advice harness's loader, against the real Log4j 1.2: logs one event with the given
 * MDC trace id (null: none) and an {@code app} key. The appender reads the event as layouts do:
 * {@code getMDC(key)} before the snapshot ({@code %X{key}}), then the snapshot
 * ({@code getMDCCopy()}, {@code getProperties()}). Answers what each read gave, by name.
 */
public class Log4j1Scenario implements Function<String, Map<String, Object>> {

  /** Reads the event on the logging thread. */
  static final class Reading extends AppenderSkeleton {
    final Map<String, Object> read = new HashMap<>();

    @Override
    protected void append(LoggingEvent event) {
      read.put("trace_id before the snapshot", event.getMDC("trace_id"));
      read.put("span_id before the snapshot", event.getMDC("span_id"));
      event.getMDCCopy();
      read.put("snapshot", new HashMap<Object, Object>(event.getProperties()));
    }

    @Override
    public void close() {}

    @Override
    public boolean requiresLayout() {
      return false;
    }
  }

  @Override
  public Map<String, Object> apply(String appTraceId) {
    Hierarchy hierarchy = new Hierarchy(new RootLogger(Level.DEBUG));
    Reading reading = new Reading();
    Logger logger = hierarchy.getLogger("orders");
    logger.addAppender(reading);
    MDC.put("app", "checkout");
    if (appTraceId != null) {
      MDC.put("trace_id", appTraceId);
    }
    try {
      logger.warn("order 42 failed");
    } finally {
      MDC.remove("app");
      MDC.remove("trace_id");
    }
    return reading.read;
  }
}

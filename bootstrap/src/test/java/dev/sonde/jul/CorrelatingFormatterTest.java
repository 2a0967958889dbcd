package dev.sonde.jul;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.bootstrap.Hooks;
import dev.sonde.bootstrap.LogCorrelationHook;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CorrelatingFormatterTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";
  private static final DateTimeFormatter DEFAULT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  @AfterEach
  void restore() throws IOException {
    Hooks.logCorrelation = LogCorrelationHook.NOOP;
    System.clearProperty(CorrelatingFormatter.FORMAT_PROPERTY);
    LogManager.getLogManager().readConfiguration();
  }

  /** The agent's hook with a span current: these fields, under these key names. */
  private static void spanCurrent(String... fields) {
    Hooks.logCorrelation = () -> fields;
  }

  private static LogRecord record(Level level, String message) {
    LogRecord record = new LogRecord(level, message);
    record.setLoggerName("com.shop.Orders");
    record.setMillis(1_700_000_123_456L);
    return record;
  }

  private static String time(LogRecord record) {
    return DEFAULT_TIME.format(Instant.ofEpochMilli(record.getMillis()));
  }

  private static void configure(String loggingProperties) throws IOException {
    LogManager.getLogManager().readConfiguration(
        new ByteArrayInputStream(loggingProperties.getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void withNoSpanCurrentTheDefaultLineCarriesNoFields() {
    LogRecord record = record(Level.INFO, "stock checked");

    String line = new CorrelatingFormatter().format(record);

    assertThat(line).isEqualTo(time(record) + " INFO [" + Thread.currentThread().getName()
        + "] com.shop.Orders - stock checked" + System.lineSeparator());
  }

  @Test
  void withASpanCurrentTheDefaultLineCarriesEveryFieldUnderTheAgentsKeyNames() {
    spanCurrent("trace.id", TRACE_ID, "span.id", SPAN_ID, "trace_flags", "01", "request_id", "r-7");
    LogRecord record = record(Level.WARNING, "order 7 rejected");

    String line = new CorrelatingFormatter().format(record);

    assertThat(line).isEqualTo(time(record) + " WARNING [" + Thread.currentThread().getName()
        + "] com.shop.Orders trace.id=" + TRACE_ID + " span.id=" + SPAN_ID
        + " trace_flags=01 request_id=r-7 - order 7 rejected" + System.lineSeparator());
  }

  @Test
  void theFormatFromLoggingPropertiesGetsEachFieldAsAPositionalArgument() throws IOException {
    configure(CorrelatingFormatter.FORMAT_PROPERTY
        + "=%3$s|%4$s|%5$s|trace=%8$s|span=%9$s|flags=%10$s|req=%11$s|thread=%12$s%n\n");
    spanCurrent("trace_id", TRACE_ID, "span_id", SPAN_ID, "trace_flags", "01");

    String line = new CorrelatingFormatter().format(record(Level.INFO, "loading user 7"));

    assertThat(line).isEqualTo("com.shop.Orders|INFO|loading user 7|trace=" + TRACE_ID + "|span="
        + SPAN_ID + "|flags=01|req=|thread=" + Thread.currentThread().getName()
        + System.lineSeparator());
  }

  @Test
  void outsideAnySpanThePositionalFieldsAreEmpty() throws IOException {
    configure(CorrelatingFormatter.FORMAT_PROPERTY + "=[%7$s][%8$s][%9$s][%10$s][%11$s] %5$s\n");

    String line = new CorrelatingFormatter().format(record(Level.INFO, "tick"));

    assertThat(line).isEqualTo("[][][][][] tick");
  }

  @Test
  void theSystemPropertyWinsOverLoggingPropertiesAsForSimpleFormatter() throws IOException {
    configure(CorrelatingFormatter.FORMAT_PROPERTY + "=from the file %5$s\n");
    System.setProperty(CorrelatingFormatter.FORMAT_PROPERTY, "from the command line %5$s");

    assertThat(new CorrelatingFormatter().format(record(Level.INFO, "m")))
        .isEqualTo("from the command line m");
  }

  @Test
  void anExceptionFollowsTheLineWithItsStackTrace() {
    LogRecord record = record(Level.SEVERE, "payment failed");
    record.setThrown(new IllegalStateException("card declined"));

    String text = new CorrelatingFormatter().format(record);

    String[] lines = text.split(System.lineSeparator());
    assertThat(lines[0]).endsWith("com.shop.Orders - payment failed");
    assertThat(lines[1]).isEqualTo("java.lang.IllegalStateException: card declined");
    assertThat(lines[2]).startsWith("\tat dev.sonde.jul.CorrelatingFormatterTest.");
  }

  @Test
  void theMessageIsFormattedWithItsParametersAndTheSourceIsTheCaller() throws IOException {
    configure(CorrelatingFormatter.FORMAT_PROPERTY + "=%2$s: %5$s\n");
    LogRecord record = record(Level.INFO, "loading user {0} of {1}");
    record.setParameters(new Object[] {"7", "shop"});
    record.setSourceClassName("com.shop.Users");
    record.setSourceMethodName("load");

    assertThat(new CorrelatingFormatter().format(record))
        .isEqualTo("com.shop.Users load: loading user 7 of shop");
  }

  @Test
  void aFormatThatDoesNotFormatGetsOneWarningNamingPropertyValueAndDefaultAndTheDefaultApplies() {
    System.setProperty(CorrelatingFormatter.FORMAT_PROPERTY, "%5$s %13$s");
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream original = System.err;
    CorrelatingFormatter console;
    CorrelatingFormatter file;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    try {
      console = new CorrelatingFormatter();
      file = new CorrelatingFormatter();
    } finally {
      System.setErr(original);
    }
    LogRecord record = record(Level.INFO, "still logged");

    assertThat(stderr.toString(StandardCharsets.UTF_8).lines()).singleElement().asString()
        .startsWith("[sonde] WARN ")
        .contains(CorrelatingFormatter.FORMAT_PROPERTY)
        .contains("'%5$s %13$s'")
        .contains(CorrelatingFormatter.DEFAULT_FORMAT);
    assertThat(console.format(record)).isEqualTo(file.format(record))
        .endsWith("] com.shop.Orders - still logged" + System.lineSeparator());
  }

  @Test
  void aHookThatFailsCostsTheFieldsNeverTheLine() {
    Hooks.logCorrelation = () -> {
      throw new IllegalStateException("agent bug");
    };

    assertThat(new CorrelatingFormatter().format(record(Level.INFO, "logged anyway")))
        .endsWith("] com.shop.Orders - logged anyway" + System.lineSeparator());
  }

  @Test
  void aJulLoggerWritesTheFieldsOfTheSpanCurrentOnTheLoggingThread() throws Exception {
    // The agent's hook answers per thread, as the real one does from the thread's context.
    ThreadLocal<String[]> currentSpan = new ThreadLocal<>();
    Hooks.logCorrelation = currentSpan::get;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StreamHandler handler = new StreamHandler(out, new CorrelatingFormatter());
    Logger logger = Logger.getLogger("correlating-formatter-test");
    logger.setUseParentHandlers(false);
    logger.addHandler(handler);
    try {
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread inRequest = new Thread(() -> {
        currentSpan.set(new String[] {"trace_id", TRACE_ID, "span_id", SPAN_ID, "trace_flags",
            "01", "request_id", "r-1"});
        try {
          logger.info("in a request");
        } catch (Throwable t) {
          failure.set(t);
        }
      }, "request-thread");
      inRequest.start();
      inRequest.join();
      logger.info("outside");
      handler.flush();
      assertThat(failure.get()).isNull();
    } finally {
      logger.removeHandler(handler);
    }

    assertThat(out.toString(StandardCharsets.UTF_8).lines()).satisfiesExactly(
        line -> assertThat(line).endsWith("INFO [request-thread] correlating-formatter-test"
            + " trace_id=" + TRACE_ID + " span_id=" + SPAN_ID + " trace_flags=01 request_id=r-1"
            + " - in a request"),
        line -> assertThat(line).endsWith("INFO [" + Thread.currentThread().getName()
            + "] correlating-formatter-test - outside"));
  }
}

package dev.sonde.agent.otlp;

import dev.sonde.agent.export.ExportFailure;
import dev.sonde.bootstrap.CallDepth;
import dev.sonde.bootstrap.Hooks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * One OTLP/HTTP request: a protobuf body posted to a signal's URL, with the configured headers
 * and timeout, on the calling (export) thread. The JDK's client keeps the connection alive
 * between batches when the answer is read to its end, as here; it needs no threads of its own.
 *
 * <p>The timeout bounds the whole request, not only connecting and each read: the JDK's client
 * has no write timeout, and a collector that stops reading mid-upload would hold the export
 * thread for good. One watchdog thread, shared by every post, disconnects a request still running
 * at its deadline, which fails the blocked write or read at once.
 */
final class OtlpHttpPost {

  /** Answers beyond this are not read to their end: the connection is closed instead. */
  private static final int MAX_DRAIN_BYTES = 1 << 20;
  /** A disconnect that came before the connection was made is tried again this often. */
  private static final long REPEAT_DISCONNECT_MILLIS = 100;

  private final URL url;
  private final Map<String, String> headers;
  private final int timeoutMillis;

  /** @param url the signal's URL, without user info (it is shown in failures) */
  OtlpHttpPost(URL url, Map<String, String> headers, int timeoutMillis) {
    this.url = url;
    this.headers = headers;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Posts the first {@code length} bytes of {@code body}, within the timeout.
   *
   * @return null when the collector accepted them, else why not and whether to send them again
   */
  ExportFailure send(byte[] body, int length) {
    // The agent's own request, whatever thread sends it (the export thread, a flush at exit):
    // inside this depth the HttpURLConnection advice records nothing and adds no header.
    int[] depths = CallDepth.ofThread();
    Hooks.HTTP_CLIENT_DEPTH.enter(depths);
    try {
      return post(body, length);
    } finally {
      Hooks.HTTP_CLIENT_DEPTH.exit(depths);
    }
  }

  private ExportFailure post(byte[] body, int length) {
    HttpURLConnection connection = null;
    Deadline deadline = null;
    try {
      connection = (HttpURLConnection) url.openConnection();
      deadline = Deadline.arm(connection, timeoutMillis);
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setConnectTimeout(timeoutMillis);
      connection.setReadTimeout(timeoutMillis);
      connection.setFixedLengthStreamingMode(length);
      connection.setRequestProperty("Content-Type", "application/x-protobuf");
      for (Map.Entry<String, String> header : headers.entrySet()) {
        connection.setRequestProperty(header.getKey(), header.getValue());
      }
      OutputStream out = connection.getOutputStream();
      try {
        out.write(body, 0, length);
      } finally {
        out.close();
      }
      if (deadline.expired) {
        throw new IOException("deadline");
      }
      int status = connection.getResponseCode();
      if (status < 100) {
        connection.disconnect();
        return ExportFailure.of("an answer that is not HTTP from " + url);
      }
      drain(connection, status < 400 ? connection.getInputStream()
          : connection.getErrorStream());
      if (status >= 200 && status < 300) {
        return null;
      }
      String why = "HTTP " + status + " from " + url;
      if (status == 429 || status == 502 || status == 503 || status == 504) {
        return ExportFailure.retryable(why,
            retryAfterMillis(connection.getHeaderField("Retry-After"), System.currentTimeMillis()));
      }
      return ExportFailure.of(why);
    } catch (IOException e) {
      if (connection != null) {
        connection.disconnect();
      }
      // A read timed out or the watchdog disconnected: either way the timeout is what ended it.
      boolean timedOut = (deadline != null && deadline.expired)
          || e instanceof SocketTimeoutException;
      return ExportFailure.of(timedOut
          ? "no answer within " + timeoutMillis + " ms (sonde.exporter.otlp.timeout) from " + url
          : e.toString());
    } finally {
      if (deadline != null) {
        deadline.cancel();
      }
    }
  }

  /**
   * {@code Retry-After} in ms: delay-seconds or an HTTP date; 0 when absent or unreadable (the
   * backoff applies).
   */
  static long retryAfterMillis(String value, long nowMillis) {
    if (value == null || value.trim().isEmpty()) {
      return 0;
    }
    String trimmed = value.trim();
    try {
      long seconds = Long.parseLong(trimmed);
      return seconds <= 0 ? 0 : TimeUnit.SECONDS.toMillis(Math.min(seconds, 86_400));
    } catch (NumberFormatException notSeconds) {
      try {
        long at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME)
            .toInstant().toEpochMilli();
        return Math.max(0, at - nowMillis);
      } catch (DateTimeParseException notADate) {
        return 0;
      }
    }
  }

  /**
   * Reads the answer to its end, so the connection goes back to the keep-alive cache; an answer
   * too long to be an OTLP response closes it instead.
   */
  private static void drain(HttpURLConnection connection, InputStream in) throws IOException {
    if (in == null) {
      return;
    }
    try {
      byte[] skip = new byte[512];
      int total = 0;
      int read;
      while ((read = in.read(skip)) >= 0) {
        // The partial-success body is not read: a collector that refuses spans says so by status.
        total += read;
        if (total > MAX_DRAIN_BYTES) {
          connection.disconnect();
          return;
        }
      }
    } finally {
      in.close();
    }
  }

  /**
   * The deadline of one request, on the shared watchdog: at {@code timeout} it disconnects the
   * connection, and again every {@link #REPEAT_DISCONNECT_MILLIS} while the request has not ended
   * (a disconnect before the socket exists does nothing).
   */
  private static final class Deadline implements Runnable {
    private final HttpURLConnection connection;
    private final ScheduledFuture<?> task;
    volatile boolean expired;

    private Deadline(HttpURLConnection connection, long timeoutMillis) {
      this.connection = connection;
      this.task = Watchdog.EXECUTOR.scheduleWithFixedDelay(this, timeoutMillis,
          REPEAT_DISCONNECT_MILLIS, TimeUnit.MILLISECONDS);
    }

    static Deadline arm(HttpURLConnection connection, long timeoutMillis) {
      return new Deadline(connection, timeoutMillis);
    }

    @Override
    public void run() {
      expired = true;
      try {
        connection.disconnect();
      } catch (Throwable t) {
        // The export thread reports the request as timed out either way.
      }
    }

    void cancel() {
      task.cancel(false);
    }
  }

  /** The one watchdog thread, started with the first request; a daemon, idle between deadlines. */
  private static final class Watchdog {
    static final ScheduledThreadPoolExecutor EXECUTOR = create();

    private static ScheduledThreadPoolExecutor create() {
      ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
          new ThreadFactory() {
            @Override
            public Thread newThread(Runnable task) {
              Thread thread = new Thread(task, "sonde-export-watchdog");
              thread.setDaemon(true);
              return thread;
            }
          });
      // A cancelled deadline leaves the queue at once: it holds only requests under way.
      executor.setRemoveOnCancelPolicy(true);
      return executor;
    }
  }
}

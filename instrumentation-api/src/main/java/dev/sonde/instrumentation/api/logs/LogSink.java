package dev.sonde.instrumentation.api.logs;

/** Where captured log events go to be exported: the agent's bounded log queue. */
public interface LogSink {

  /**
   * Queues {@code event} for export, on the application's thread: never blocks; when the queue is
   * full the event is dropped and counted ({@code sonde_logs_dropped_total}).
   */
  void offer(CapturedLogEvent event);
}

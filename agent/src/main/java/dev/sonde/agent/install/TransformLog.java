package dev.sonde.agent.install;

import dev.sonde.instrumentation.api.diagnostics.AgentLog;

/**
 * Reports what the transformer did: each instrumented class at DEBUG, each class it failed to
 * instrument at WARN (the class then runs unchanged).
 */
final class TransformLog {

  private TransformLog() {}

  static void instrumented(String typeName) {
    if (AgentLog.enabled(AgentLog.Level.DEBUG)) {
      AgentLog.debug("instrumented " + typeName);
    }
  }

  static void failed(String typeName, Throwable error) {
    AgentLog.warn("Could not instrument " + typeName + "; it runs unchanged: " + error);
  }
}

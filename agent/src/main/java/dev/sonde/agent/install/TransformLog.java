package dev.sonde.agent.install;

import dev.sonde.instrumentation.api.log.AgentLog;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Reports what the transformer did: each instrumented class at DEBUG, each class it failed to
 * instrument at WARN (the class then runs unchanged).
 */
final class TransformLog extends AgentBuilder.Listener.Adapter {

  @Override
  public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module,
      boolean loaded, DynamicType dynamicType) {
    AgentLog.debug("instrumented " + type.getName());
  }

  @Override
  public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
      Throwable error) {
    AgentLog.warn("Could not instrument " + typeName + "; it runs unchanged: " + error);
  }
}

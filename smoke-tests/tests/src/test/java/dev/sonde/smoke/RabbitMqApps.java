package dev.sonde.smoke;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.App;
import dev.sonde.smoke.harness.RabbitMqServer;

/**
 * The two services of the rabbitmq app (one jar, {@code -Dapp.role}) on one broker: {@code front}
 * publishes and consumes orders, invoices and failing; {@code shipping}, a second JVM, consumes
 * shipments. Each deployment lives in its own virtual host, so runs with and without the agent
 * share the broker but never a queue.
 */
final class RabbitMqApps {

  static final String FRONT = "front";
  static final String SHIPPING = "shipping";

  private RabbitMqApps() {}

  /**
   * The rabbitmq app in {@code role}, pointed at {@code vhost} of {@code broker}. It waits at
   * start-up (up to a minute) until the broker lets it into {@code vhost}: with the agent, create
   * the vhost only once the agent is up ({@link AgentApp#startOnceTheAgentsAreUp}), so that the
   * consumers it subscribes at start-up are subscribed under the agent.
   */
  static AgentApp.Builder app(String role, RabbitMqServer broker, String vhost) {
    return AgentApp.of(App.RABBITMQ)
        .systemProperty("app.role", role)
        .systemProperty("app.rabbitmq.host", broker.host())
        .systemProperty("app.rabbitmq.port", String.valueOf(broker.port()))
        .systemProperty("app.rabbitmq.vhost", vhost);
  }
}

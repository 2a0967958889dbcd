package dev.sonde.instrumentation.rabbitmq;


/**
 * Destination names as span names, attributes and metric labels. Routing keys are never labels
 * (they often hold ids); exchange and queue names are, with two rules: the default exchange
 * ({@code ""}) is {@code amq.default}, and queues the broker named ({@code amq.gen-…}, one per
 * connection or per RPC client) are one label, {@code amq.gen-{id}}, instead of a series each.
 */
final class Labels {

  static final String DEFAULT_EXCHANGE = "amq.default";
  static final String UNKNOWN = "_unknown";
  static final String SERVER_NAMED_PREFIX = "amq.gen-";
  static final String SERVER_NAMED = "amq.gen-{id}";

  private Labels() {}

  /** The exchange as a destination name: {@code amq.default} for the default exchange. */
  static String exchange(String exchange) {
    return exchange == null || exchange.isEmpty() ? DEFAULT_EXCHANGE : exchange;
  }

  /** The queue as a label value: {@code _unknown} when not known, server-named ones folded. */
  static String queue(String queue) {
    if (queue == null || queue.isEmpty()) {
      return UNKNOWN;
    }
    return queue.startsWith(SERVER_NAMED_PREFIX) ? SERVER_NAMED : queue;
  }
}

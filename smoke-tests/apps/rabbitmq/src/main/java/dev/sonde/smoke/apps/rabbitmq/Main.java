package dev.sonde.smoke.apps.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code com.sun.net.httpserver} application that publishes to and consumes from RabbitMQ with
 * amqp-client 5, written as if the agent did not exist. At start-up it declares its exchange and
 * queues (all non-durable), then starts its consumers, then listens. It waits at start-up (up to a
 * minute) for its virtual host: until the broker accepts the connection, it retries every 100 ms.
 *
 * <p>Two roles, one jar ({@code -Dapp.role}):
 * <ul>
 *   <li>{@code front} (default): publishes on request and consumes {@code orders} (a
 *       {@code DefaultConsumer} subclass, manual ack; logs {@code consumed order <body>}),
 *       {@code invoices} (a {@code DeliverCallback} lambda, auto-ack; logs {@code invoiced <body>})
 *       and {@code failing} (manual ack; throws {@link IllegalStateException} on the body
 *       {@code boom}, which amqp-client answers by closing that consumer's channel; logs
 *       {@code processed <body>} and acks any other body);
 *   <li>{@code shipping}: consumes {@code shipments} only (a {@code DeliverCallback} lambda, manual
 *       ack; logs {@code shipped <body>}), what a second service would do.
 * </ul>
 * {@code pending} has no consumer: messages stay there until {@code /get} takes them.
 *
 * <pre>
 *   /publish/&lt;queue&gt;?body=b&amp;n=N&amp;props=P   basicPublish("", queue, props, body) N times (default 1):
 *                                    body b when N is 1, otherwise b-1 .. b-N. props: headers
 *                                    (default: a HashMap {app-header=keep-me}), null (no
 *                                    properties at all) or immutable (Map.of(app-header, keep-me));
 *                                    "published N to queue"
 *   /publish-exchange?body=b&amp;routing-key=k
 *                                    basicPublish("shipping", k, {app-header=keep-me}, b); k is
 *                                    shipment.created by default, which the direct exchange
 *                                    shipping routes to shipments (it drops any other key);
 *                                    "published to shipping with routing key k"
 *   /get/&lt;queue&gt;                      basicGet(queue, autoAck): the body, or "empty"
 *   /depth/&lt;queue&gt;                    queueDeclarePassive(queue): "messages M consumers C"
 *   /received/&lt;queue&gt;?body=b           the headers the consumer of queue got with body b, one
 *                                    name=value a line, sorted; 404 until it got it
 *   /consumer/failing                 "open" or "closed": the channel of the failing consumer
 *   anything else                     404
 * </pre>
 *
 * <p>Port: {@code args[0]}. Broker: {@code -Dapp.rabbitmq.host} (default 127.0.0.1),
 * {@code -Dapp.rabbitmq.port}, {@code -Dapp.rabbitmq.vhost} (default /), user and password guest.
 * Log file: {@code -Dapp.log.file} (see logback.xml). Prints
 * {@code rabbitmq app (<role>) ready on port <port>} once it listens.
 */
public final class Main {

  static final String EXCHANGE = "shipping";
  static final String ROUTING_KEY = "shipment.created";
  static final List<String> QUEUES =
      List.of("orders", "invoices", "failing", "pending", "shipments");

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  /** Headers each consumer received, by {@code queue + "/" + body}. */
  private static final Map<String, Map<String, String>> RECEIVED =
      Collections.synchronizedMap(new HashMap<>());

  private static Connection connection;
  /** The channel requests publish and get on; channels are not for concurrent use. */
  private static Channel requests;
  private static Channel failingChannel;

  private Main() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String role = System.getProperty("app.role", "front");
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(System.getProperty("app.rabbitmq.host", "127.0.0.1"));
    factory.setPort(Integer.parseInt(required("app.rabbitmq.port")));
    factory.setVirtualHost(System.getProperty("app.rabbitmq.vhost", "/"));
    factory.setUsername("guest");
    factory.setPassword("guest");
    connection = awaitVirtualHost(factory, "rabbitmq-smoke-" + role);

    try (Channel setup = connection.createChannel()) {
      setup.exchangeDeclare(EXCHANGE, "direct", false);
      for (String queue : QUEUES) {
        setup.queueDeclare(queue, false, false, false, null);
      }
      setup.queueBind("shipments", EXCHANGE, ROUTING_KEY);
    }
    requests = connection.createChannel();
    if (role.equals("front")) {
      startFrontConsumers();
    } else if (role.equals("shipping")) {
      startShippingConsumer();
    } else {
      throw new IllegalArgumentException("-Dapp.role: front or shipping, not " + role);
    }

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.createContext("/", Main::handle);
    ExecutorService executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop(0);
      executor.shutdownNow();
      try {
        connection.close(2000);
      } catch (Exception e) {
        // exiting anyway
      }
    }));
    LOG.info("consuming as {}", role);
    System.out.println("rabbitmq app (" + role + ") ready on port " + port);
  }

  /**
   * Connects, retrying every 100 ms for up to a minute while the broker refuses the connection:
   * the virtual host may not exist yet (a test creates it once the agent is up, so that the
   * consumers below subscribe under the agent).
   */
  private static Connection awaitVirtualHost(ConnectionFactory factory, String name)
      throws IOException, TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    boolean told = false;
    while (true) {
      try {
        return factory.newConnection(name);
      } catch (IOException | TimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        if (!told) {
          // amqp-client's IOException has no message; the broker's reason is its cause's.
          Throwable reason = e.getCause() != null ? e.getCause() : e;
          LOG.info("waiting for virtual host {}: {}", factory.getVirtualHost(),
              String.valueOf(reason.getMessage()));
          told = true;
        }
        Thread.sleep(100);
      }
    }
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("-D" + property + " is required");
    }
    return value;
  }

  private static void startFrontConsumers() throws IOException {
    Channel orders = connection.createChannel();
    orders.basicConsume("orders", false, new OrderConsumer(orders));

    Channel invoices = connection.createChannel();
    invoices.basicConsume("invoices", true, (tag, delivery) -> {
      String body = new String(delivery.getBody(), StandardCharsets.UTF_8);
      record("invoices", body, delivery.getProperties());
      LOG.info("invoiced {}", body);
    }, tag -> { });

    // Its own channel: when the consumer throws, amqp-client closes the consumer's channel.
    failingChannel = connection.createChannel();
    failingChannel.addShutdownListener(cause ->
        LOG.info("channel of the failing consumer closed: {}", cause.getMessage()));
    failingChannel.basicConsume("failing", false, (tag, delivery) -> {
      String body = new String(delivery.getBody(), StandardCharsets.UTF_8);
      record("failing", body, delivery.getProperties());
      if (body.equals("boom")) {
        throw new IllegalStateException("cannot process " + body);
      }
      LOG.info("processed {}", body);
      failingChannel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
    }, tag -> { });
  }

  private static void startShippingConsumer() throws IOException {
    Channel shipments = connection.createChannel();
    shipments.basicConsume("shipments", false, (tag, delivery) -> {
      String body = new String(delivery.getBody(), StandardCharsets.UTF_8);
      record("shipments", body, delivery.getProperties());
      LOG.info("shipped {}", body);
      shipments.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
    }, tag -> { });
  }

  /** Remembers the headers of a delivery, for {@code /received}. */
  static void record(String queue, String body, AMQP.BasicProperties properties) {
    Map<String, String> headers = new HashMap<>();
    if (properties != null && properties.getHeaders() != null) {
      properties.getHeaders().forEach((name, value) -> headers.put(name, String.valueOf(value)));
    }
    RECEIVED.put(queue + "/" + body, headers);
  }

  static void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    List<String> parts = Arrays.asList(path.substring(1).split("/"));
    try {
      Reply reply = route(parts, exchange);
      send(exchange, reply.status(), reply.body());
    } catch (IOException | RuntimeException e) {
      LOG.error("unexpected failure on " + path, e);
      send(exchange, 500, e.getClass().getName() + "\n" + e.getMessage());
    }
  }

  private static Reply route(List<String> parts, HttpExchange exchange) throws IOException {
    String what = parts.get(0);
    if (what.equals("publish") && parts.size() == 2) {
      String queue = parts.get(1);
      String body = orDefault(query(exchange, "body"), "message");
      int n = Integer.parseInt(orDefault(query(exchange, "n"), "1"));
      AMQP.BasicProperties props = properties(orDefault(query(exchange, "props"), "headers"));
      synchronized (requests) {
        for (int i = 1; i <= n; i++) {
          String each = n == 1 ? body : body + "-" + i;
          requests.basicPublish("", queue, props, each.getBytes(StandardCharsets.UTF_8));
        }
      }
      return Reply.ok("published " + n + " to " + queue);
    } else if (what.equals("publish-exchange") && parts.size() == 1) {
      String body = orDefault(query(exchange, "body"), "shipment");
      String routingKey = orDefault(query(exchange, "routing-key"), ROUTING_KEY);
      synchronized (requests) {
        requests.basicPublish(EXCHANGE, routingKey, properties("headers"),
            body.getBytes(StandardCharsets.UTF_8));
      }
      return Reply.ok("published to " + EXCHANGE + " with routing key " + routingKey);
    } else if (what.equals("get") && parts.size() == 2) {
      GetResponse response;
      synchronized (requests) {
        response = requests.basicGet(parts.get(1), true);
      }
      return Reply.ok(response == null ? "empty"
          : new String(response.getBody(), StandardCharsets.UTF_8));
    } else if (what.equals("depth") && parts.size() == 2) {
      // A channel of its own: a passive declare of a missing queue closes its channel.
      try (Channel channel = connection.createChannel()) {
        AMQP.Queue.DeclareOk ok = channel.queueDeclarePassive(parts.get(1));
        return Reply.ok("messages " + ok.getMessageCount() + " consumers " + ok.getConsumerCount());
      } catch (TimeoutException e) {
        throw new IOException(e);
      }
    } else if (what.equals("received") && parts.size() == 2) {
      Map<String, String> headers = RECEIVED.get(parts.get(1) + "/" + query(exchange, "body"));
      if (headers == null) {
        return new Reply(404, "not received");
      }
      StringBuilder lines = new StringBuilder();
      headers.entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> lines.append(e.getKey()).append('=').append(e.getValue()).append('\n'));
      return Reply.ok(lines.toString());
    } else if (what.equals("consumer") && parts.size() == 2 && parts.get(1).equals("failing")
        && failingChannel != null) {
      return Reply.ok(failingChannel.isOpen() ? "open" : "closed");
    }
    return new Reply(404, "not found");
  }

  /** The properties of a publish: with a mutable or an immutable header map, or none at all. */
  private static AMQP.BasicProperties properties(String kind) {
    switch (kind) {
      case "headers":
        Map<String, Object> headers = new HashMap<>();
        headers.put("app-header", "keep-me");
        return new AMQP.BasicProperties.Builder().contentType("text/plain").headers(headers).build();
      case "immutable":
        return new AMQP.BasicProperties.Builder().contentType("text/plain")
            .headers(Map.of("app-header", "keep-me")).build();
      case "null":
        return null;
      default:
        throw new IllegalArgumentException("props: headers, immutable or null, not " + kind);
    }
  }

  private static String orDefault(String value, String otherwise) {
    return value == null || value.isEmpty() ? otherwise : value;
  }

  /** The first value of query parameter {@code name}, decoded; null when absent. */
  private static String query(HttpExchange exchange, String name) {
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null) {
      return null;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** What a handler answers. */
  record Reply(int status, String body) {
    static Reply ok(String body) {
      return new Reply(200, body);
    }
  }

  /** The orders consumer: a {@code DefaultConsumer} subclass, as older code writes them. */
  static final class OrderConsumer extends com.rabbitmq.client.DefaultConsumer {

    OrderConsumer(Channel channel) {
      super(channel);
    }

    @Override
    public void handleDelivery(String consumerTag, com.rabbitmq.client.Envelope envelope,
        AMQP.BasicProperties properties, byte[] body) throws IOException {
      String text = new String(body, StandardCharsets.UTF_8);
      record("orders", text, properties);
      LOG.info("consumed order {}", text);
      getChannel().basicAck(envelope.getDeliveryTag(), false);
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}

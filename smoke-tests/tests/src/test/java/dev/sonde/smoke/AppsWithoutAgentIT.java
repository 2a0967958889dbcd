package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.App;
import dev.sonde.smoke.harness.LogLine;
import dev.sonde.smoke.harness.OtlpReceiver;
import dev.sonde.smoke.harness.PostgresServer;
import dev.sonde.smoke.harness.RabbitMqServer;
import dev.sonde.smoke.harness.RabbitMqServer.QueueState;
import dev.sonde.smoke.harness.RedisServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The baseline the specs compare against: each app on its own, without the agent. Whatever the
 * specs see beyond this (ids in logs, X-Request-ID, metrics, spans) comes from the agent; whatever
 * is here, the agent must leave as it is.
 */
class AppsWithoutAgentIT {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "TOMCAT9, 500",
      "JETTY12, 500",
      // The JDK server drops the connection when a handler throws.
      "JDK_HTTPSERVER, -1",
  })
  void withoutTheAgentTheAppServesAndLogsWithEmptyIds(App which, int statusWhenHandlerThrows) {
    try (AgentApp app = AgentApp.of(which).withoutAgent().start()) {
      HttpResponse<String> response = app.get("/users/42", Map.of("X-Request-ID", "abc-123"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("user 42");
      assertThat(response.headers().firstValue("X-Request-ID")).isEmpty();
      assertThat(app.get("/no/such/page").statusCode()).isEqualTo(404);
      assertThat(app.getOnce("/boom", Map.of())).isEqualTo(statusWhenHandlerThrows < 0
          ? OptionalInt.empty() : OptionalInt.of(statusWhenHandlerThrows));
      LogLine line = app.awaitLogMessage("loading user 42");
      assertThat(line.traceId()).isEmpty();
      assertThat(line.spanId()).isEmpty();
      assertThat(line.requestId()).isEmpty();
      assertThat(app.stderrLines()).noneMatch(l -> l.contains("[sonde]"));
    }
  }

  @Test
  void withoutTheAgentTheJdbcAppServesEveryEndpointFromPostgresqlAndH2() {
    try (PostgresServer postgres = ShopDatabase.start();
        AgentApp app = ShopDatabase.jdbcApp(postgres).withoutAgent().start()) {
      assertThat(app.get("/plain/users/42").body()).isEqualTo("user 42 alice");
      assertThat(app.get("/hikari/users/2").body()).isEqualTo("user 2 bob has 0 orders");
      assertThat(app.get("/statement").body()).isEqualTo("rows 0");
      assertThat(app.get("/batch").body()).isEqualTo("inserted 3");
      assertThat(app.get("/hikari/users/2").body()).isEqualTo("user 2 bob has 1 orders");
      assertThat(app.get("/h2/items/7").body()).isEqualTo("item 7 saw");
      assertThat(app.get("/hold").body()).isEqualTo("held");
      assertThat(app.get("/hold").statusCode()).isEqualTo(409);
      assertThat(app.get("/release").body()).isEqualTo("released");

      HttpResponse<String> broken = app.get("/broken");
      assertThat(broken.statusCode()).isEqualTo(500);
      assertThat(broken.body()).as("exception class, message, top stack frame")
          .startsWith("org.postgresql.util.PSQLException\nERROR: syntax error at or near \"SELEC\"")
          .containsPattern("\\norg\\.postgresql\\.[\\w.$]+\\(\\w+\\.java:\\d+\\)$");

      LogLine line = app.awaitLogMessage("between queries for user 2");
      assertThat(line.traceId()).isEmpty();
      assertThat(line.spanId()).isEmpty();
      assertThat(app.stderrLines()).noneMatch(l -> l.contains("[sonde]"));
    }
  }

  @Test
  void withoutTheAgentTheRedisAppServesEveryEndpointWithJedisAndLettuce() {
    try (RedisServer redis = RedisApps.startServer();
        AgentApp app = RedisApps.app(App.REDIS, redis).withoutAgent().start()) {
      redis.set("fruit", "apple");
      redis.set("veg", "leek");
      redis.set("word", "hello");

      assertThat(app.get("/jedis/get/fruit").body()).isEqualTo("fruit=apple");
      assertThat(app.get("/jedis/get/absent").body()).isEqualTo("absent=(nil)");
      assertThat(app.get("/jedis/mget?keys=fruit,absent,veg").body())
          .isEqualTo("fruit=apple,absent=(nil),veg=leek");
      assertThat(app.get("/jedis/set/color?value=red").body()).isEqualTo("OK");
      assertThat(redis.cli("GET", "color")).isEqualTo("red");
      assertThat(app.get("/jedis/pipeline/piped-key").body()).isEqualTo("OK,piped,1");
      assertThat(app.get("/jedis/copy/fruit/fruit-copy").body()).isEqualTo("copied apple");
      assertThat(redis.cli("GET", "fruit-copy")).isEqualTo("apple");
      assertThat(app.get("/jedis/copy/absent/nowhere").body()).isEqualTo("nothing to copy");
      assertThat(app.get("/jedis/incr/counter").body()).isEqualTo("1");
      HttpResponse<String> incrError = app.get("/jedis/incr/word");
      assertThat(incrError.statusCode()).isEqualTo(500);
      assertThat(incrError.body()).isEqualTo("redis.clients.jedis.exceptions.JedisDataException\n"
          + "ERR value is not an integer or out of range");
      assertThat(app.get("/jedis/new-connection/get/veg").body()).isEqualTo("veg=leek");

      for (String api : List.of("sync", "async", "reactive", "no-context")) {
        assertThat(app.get("/lettuce/" + api + "/get/fruit").body()).as(api).isEqualTo("fruit=apple");
        assertThat(app.get("/lettuce/" + api + "/get/absent").body()).as(api).isEqualTo("absent=(nil)");
      }
      assertThat(app.get("/lettuce/mget?keys=absent,veg").body()).isEqualTo("absent=(nil),veg=leek");
      assertThat(app.get("/jedis/nothing-here").statusCode()).isEqualTo(404);

      LogLine line = app.awaitLogMessage("copying fruit to fruit-copy");
      assertThat(line.traceId()).isEmpty();
      assertThat(line.spanId()).isEmpty();
      assertThat(app.stderrLines()).noneMatch(l -> l.contains("[sonde]"));

      redis.stop();
      HttpResponse<String> jedisDown = app.get("/jedis/get/fruit");
      assertThat(jedisDown.statusCode()).isEqualTo(500);
      assertThat(jedisDown.body()).as("the pooled connection's server is gone")
          .isEqualTo("redis.clients.jedis.exceptions.JedisConnectionException\nUnexpected end of stream.");
      HttpResponse<String> lettuceDown = app.get("/lettuce/sync/get/fruit");
      assertThat(lettuceDown.statusCode()).isEqualTo(500);
      assertThat(lettuceDown.body()).isEqualTo(
          "io.lettuce.core.RedisCommandTimeoutException\nCommand timed out after 1 second(s)");

      redis.startAgain();
      assertThat(redis.cli("DBSIZE")).as("started again, empty").isEqualTo("0");
      assertThat(app.get("/jedis/get/fruit").body()).isEqualTo("fruit=(nil)");
      await("Lettuce reconnected").atMost(OtlpReceiver.WAIT)
          .until(() -> app.get("/lettuce/sync/get/fruit").body(), "fruit=(nil)"::equals);
    }
  }

  @Test
  void withoutTheAgentTheJedis3AppServesGetAndSet() {
    try (RedisServer redis = RedisApps.startServer();
        AgentApp app = RedisApps.app(App.REDIS_JEDIS3, redis).withoutAgent().start()) {
      redis.set("fruit", "apple");

      assertThat(app.get("/jedis/get/fruit").body()).isEqualTo("fruit=apple");
      assertThat(app.get("/jedis/get/absent").body()).isEqualTo("absent=(nil)");
      assertThat(app.get("/jedis/set/color?value=red").body()).isEqualTo("OK");
      assertThat(redis.cli("GET", "color")).isEqualTo("red");
      assertThat(app.get("/nothing-here").statusCode()).isEqualTo(404);
      assertThat(app.stderrLines()).noneMatch(l -> l.contains("[sonde]"));
    }
  }

  @Test
  void withoutTheAgentTheRabbitMqAppsPublishAndConsumeAcrossTwoJvms() {
    try (RabbitMqServer broker = RabbitMqServer.start()) {
      broker.addVhost("plain");
      try (AgentApp front = RabbitMqApps.app(RabbitMqApps.FRONT, broker, "plain").withoutAgent().start();
          AgentApp shipping =
              RabbitMqApps.app(RabbitMqApps.SHIPPING, broker, "plain").withoutAgent().start()) {
        assertThat(broker.queues("plain")).as("declared by the apps at start-up, consumed where meant")
            .containsEntry("orders", new QueueState(0, 0, 1))
            .containsEntry("invoices", new QueueState(0, 0, 1))
            .containsEntry("failing", new QueueState(0, 0, 1))
            .containsEntry("pending", new QueueState(0, 0, 0))
            .containsEntry("shipments", new QueueState(0, 0, 1));

        // The DefaultConsumer subclass on orders, with each kind of properties.
        assertThat(front.get("/publish/orders?body=o1").body()).isEqualTo("published 1 to orders");
        assertThat(front.get("/publish/orders?body=o2&props=null").body()).isEqualTo("published 1 to orders");
        assertThat(front.get("/publish/orders?body=o3&props=immutable").body()).isEqualTo("published 1 to orders");
        assertThat(front.get("/publish/orders?body=batch&n=3").body()).isEqualTo("published 3 to orders");
        for (String body : List.of("o1", "o2", "o3", "batch-1", "batch-2", "batch-3")) {
          LogLine consumed = front.awaitLogMessage("consumed order " + body);
          assertThat(consumed.traceId()).isEmpty();
          assertThat(consumed.spanId()).isEmpty();
        }
        assertThat(front.get("/received/orders?body=o1").body()).isEqualTo("app-header=keep-me\n");
        assertThat(front.get("/received/orders?body=o2").body()).as("no properties, no headers").isEmpty();
        assertThat(front.get("/received/orders?body=o3").body()).isEqualTo("app-header=keep-me\n");
        assertThat(front.get("/received/orders?body=never").statusCode()).isEqualTo(404);

        // The DeliverCallback lambda on invoices; the second JVM's consumer on shipments.
        assertThat(front.get("/publish/invoices?body=i1").body()).isEqualTo("published 1 to invoices");
        front.awaitLogMessage("invoiced i1");
        assertThat(front.get("/publish-exchange?body=s1").body())
            .isEqualTo("published to shipping with routing key shipment.created");
        assertThat(shipping.awaitLogMessage("shipped s1").traceId()).isEmpty();
        assertThat(shipping.get("/received/shipments?body=s1").body()).isEqualTo("app-header=keep-me\n");

        // No consumer on pending: the broker keeps what is published there until basicGet takes it.
        assertThat(front.get("/publish/pending?body=p&n=3").body()).isEqualTo("published 3 to pending");
        await("3 messages in pending").atMost(OtlpReceiver.WAIT)
            .until(() -> front.get("/depth/pending").body(), "messages 3 consumers 0"::equals);
        assertThat(broker.queue("plain", "pending")).isEqualTo(new QueueState(3, 0, 0));
        assertThat(front.get("/get/pending").body()).isEqualTo("p-1");
        assertThat(front.get("/depth/pending").body()).isEqualTo("messages 2 consumers 0");
        assertThat(front.get("/get/pending").body()).isEqualTo("p-2");
        assertThat(front.get("/get/pending").body()).isEqualTo("p-3");
        assertThat(front.get("/get/pending").body()).isEqualTo("empty");

        // A consumer that throws: amqp-client closes its channel, the broker requeues the message.
        assertThat(front.get("/publish/failing?body=fine").body()).isEqualTo("published 1 to failing");
        front.awaitLogMessage("processed fine");
        assertThat(front.get("/consumer/failing").body()).isEqualTo("open");
        assertThat(front.get("/publish/failing?body=boom").body()).isEqualTo("published 1 to failing");
        await("the failing consumer's channel closed").atMost(OtlpReceiver.WAIT)
            .until(() -> front.get("/consumer/failing").body(), "closed"::equals);
        await("boom back in the queue, ready, no consumer left").atMost(OtlpReceiver.WAIT)
            .until(() -> broker.queue("plain", "failing"), new QueueState(1, 0, 0)::equals);
        front.awaitLogLine("the channel's closing", l -> l.message()
            .startsWith("channel of the failing consumer closed: "));

        assertThat(front.get("/nothing-here").statusCode()).isEqualTo(404);
        assertThat(front.stderrLines()).noneMatch(l -> l.contains("[sonde]"));
        assertThat(shipping.stderrLines()).noneMatch(l -> l.contains("[sonde]"));
      }
    }
  }

  @Test
  void withoutTheAgentTheSpringBootFatJarServesItsVetsErrorsAndRewrittenUrls() {
    try (AgentApp app = AgentApp.of(App.SPRING_BOOT).withoutAgent()
        .startServing(SpringBootFatJarIT.HEALTH, SpringBootFatJarIT.SERVING_WITHIN)) {
      app.awaitLogMessage("outside request: 4 vets");

      assertThat(app.get("/vets").body()).contains("\"lastName\":\"Carter\"");
      assertThat(app.get("/vets/1").body()).contains("\"id\":1");
      assertThat(app.get("/vets/99").statusCode()).isEqualTo(404);
      assertThat(app.get("/admin/reindex").body()).isEqualTo("reindexed, range 3");
      assertThat(app.getOnce("/boom?vet=7", Map.of())).isEqualTo(OptionalInt.of(500));
      HttpResponse<String> login = app.get("/login");
      assertThat(login.statusCode()).isEqualTo(302);
      String location = login.headers().firstValue("Location").orElseThrow();
      assertThat(location).contains("/vets;jsessionid=");
      assertThat(app.get(java.net.URI.create(location).getRawPath()).statusCode()).isEqualTo(200);

      LogLine tomcat = app.awaitLogLine("Tomcat's line on the exception", l -> l.message()
          .startsWith("Servlet.service() for servlet [dispatcherServlet]"));
      assertThat(tomcat.message()).contains(SpringBootFatJarIT.VET_NOT_AVAILABLE
          + ": vet 7 is not on call");
      app.awaitLogMessage("dispatch ERROR /error");
      LogLine line = app.awaitLogMessage("looking for vet 7 on call");
      assertThat(line.traceId()).isEmpty();
      assertThat(line.spanId()).isEmpty();
      assertThat(app.stderrLines()).noneMatch(l -> l.contains("[sonde]"));
    }
  }

  @Test
  void withoutTheAgentTheIsolationAppSeesOnlyItsOwnLibraries() {
    try (AgentApp app = AgentApp.of(App.ISOLATION).withoutAgent()
        .systemProperty("app.metrics.port",
            String.valueOf(dev.sonde.smoke.harness.Ports.freeOutsideEphemeralRange()))
        .start()) {
      assertThat(app.get("/work/1").body()).isEqualTo("work 1");

      assertThat(app.get("/own-telemetry").body()).contains(
          "app_spans=1\n", "app_work_total=1\n", "otel_sdk_version=1.40.0\n",
          "bytebuddy_version=1.14.18\n", "simpleclient_version=0.15.0\n", "jctools_version=3.3.0\n",
          "agent_classes_visible=false\n", "agent_jar=none\n");
    }
  }
}

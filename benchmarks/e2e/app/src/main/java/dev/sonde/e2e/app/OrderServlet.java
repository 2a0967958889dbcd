package dev.sonde.e2e.app;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /orders?item=<id>}: inserts an order, then publishes it to the {@code orders} queue
 * for {@link OrderConsumer} (the table and queue
 * named by {@code app.orders.table} and {@code app.orders.queue}); 201 with the order's id.
 */
final class OrderServlet extends HttpServlet {

  private static final Logger LOG = LoggerFactory.getLogger(OrderServlet.class);
  private static final String INSERT = "INSERT INTO " + Main.ORDERS_TABLE
      + " (item_id, quantity) VALUES (?, ?)";

  private final transient DataSource database;
  private final transient ChannelPool channels;

  OrderServlet(DataSource database, ChannelPool channels) {
    this.database = database;
    this.channels = channels;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    InjectedCost.burn();
    int item;
    try {
      item = Integer.parseInt(request.getParameter("item"));
    } catch (NumberFormatException e) {
      JsonResponse.send(response, HttpServletResponse.SC_BAD_REQUEST, "{\"error\":\"no item\"}");
      return;
    }
    long orderId;
    try (Connection connection = database.getConnection();
        PreparedStatement insert = connection.prepareStatement(INSERT,
            Statement.RETURN_GENERATED_KEYS)) {
      insert.setInt(1, item);
      insert.setInt(2, 1);
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        keys.next();
        orderId = keys.getLong(1);
      }
    } catch (SQLException e) {
      throw new ServletException(e);
    }
    String message = "{\"order\":" + orderId + ",\"item\":" + item + "}";
    Channel channel = channels.take();
    try {
      channel.basicPublish("", Main.ORDERS_QUEUE, null, message.getBytes(StandardCharsets.UTF_8));
    } finally {
      channels.give(channel);
    }
    LOG.info("order {} placed for item {}", orderId, item);
    JsonResponse.send(response, HttpServletResponse.SC_CREATED, message);
  }
}

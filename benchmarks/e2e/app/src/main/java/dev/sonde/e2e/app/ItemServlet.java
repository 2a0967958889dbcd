package dev.sonde.e2e.app;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /items/{id}}: one row by primary key, through the pool. */
final class ItemServlet extends HttpServlet {

  private static final Logger LOG = LoggerFactory.getLogger(ItemServlet.class);
  private static final String QUERY = "SELECT id, name, price FROM items WHERE id = ?";

  private final transient DataSource database;

  ItemServlet(DataSource database) {
    this.database = database;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    InjectedCost.burn();
    int id = PathId.of(request);
    if (id < 0) {
      JsonResponse.send(response, HttpServletResponse.SC_BAD_REQUEST, "{\"error\":\"no id\"}");
      return;
    }
    try (Connection connection = database.getConnection();
        PreparedStatement statement = connection.prepareStatement(QUERY)) {
      statement.setInt(1, id);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          LOG.info("item {} not found", id);
          JsonResponse.send(response, HttpServletResponse.SC_NOT_FOUND, "{\"id\":" + id + "}");
          return;
        }
        LOG.info("loaded item {}", id);
        JsonResponse.send(response, HttpServletResponse.SC_OK, "{\"id\":" + row.getInt(1)
            + ",\"name\":\"" + row.getString(2) + "\",\"price\":" + row.getBigDecimal(3) + "}");
      }
    } catch (SQLException e) {
      throw new ServletException(e);
    }
  }
}

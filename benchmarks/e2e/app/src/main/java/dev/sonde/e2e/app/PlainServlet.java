package dev.sonde.e2e.app;

import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /plain}: a price list computed in memory, no I/O; what a template render costs. */
final class PlainServlet extends HttpServlet {

  private static final Logger LOG = LoggerFactory.getLogger(PlainServlet.class);
  private static final int ROWS = 40;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    InjectedCost.burn();
    StringBuilder json = new StringBuilder(2048).append("{\"rows\":[");
    long checksum = 17;
    for (int row = 0; row < ROWS; row++) {
      long cents = (row * 7919L + 104_729L) % 100_000L;
      checksum = checksum * 31 + cents;
      if (row > 0) {
        json.append(',');
      }
      json.append("{\"sku\":\"SKU-").append(1000 + row).append("\",\"price\":")
          .append(cents / 100).append('.').append(cents % 100 < 10 ? "0" : "").append(cents % 100)
          .append('}');
    }
    json.append("],\"checksum\":").append(checksum).append('}');
    LOG.info("rendered the price list, {} rows", ROWS);
    JsonResponse.send(response, HttpServletResponse.SC_OK, json.toString());
  }
}

package dev.sonde.e2e.app;

import javax.servlet.http.HttpServletRequest;

/** The number after the servlet's path ({@code /items/42} is 42); -1 when there is none. */
final class PathId {

  private PathId() {}

  static int of(HttpServletRequest request) {
    String pathInfo = request.getPathInfo();
    if (pathInfo == null || pathInfo.length() < 2) {
      return -1;
    }
    try {
      return Integer.parseInt(pathInfo.substring(1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}

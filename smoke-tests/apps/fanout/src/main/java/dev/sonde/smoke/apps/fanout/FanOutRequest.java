package dev.sonde.smoke.apps.fanout;

/** The {@code /fanout/<id>} and {@code /untraced/<id>} requests of apps without servlets. */
public final class FanOutRequest {

  private FanOutRequest() {}

  /** Does the work {@code path} asks for and returns the response body. */
  public static String handle(FanOut fanOut, String path) {
    String id = path.substring(path.lastIndexOf('/') + 1);
    try {
      if (path.startsWith("/untraced/")) {
        fanOut.untraced(id);
        return "untraced " + id;
      }
      fanOut.fanOut(id);
      return "fanned out " + id;
    } catch (Exception e) {
      throw new IllegalStateException("fan-out of " + path + " failed", e);
    }
  }
}

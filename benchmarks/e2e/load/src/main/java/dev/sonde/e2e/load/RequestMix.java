package dev.sonde.e2e.load;

/**
 * What each connection sends, in turn: the price list, an item from the database, an item from the
 * cache, an order. The requests are prepared once; ids cycle through 1..{@value #ITEMS} (the items
 * the harness seeds) and, for the cache, through a further tenth that is never cached, so about one
 * cache read in eleven is a miss.
 */
final class RequestMix {

  static final int ITEMS = 1000;
  private static final int CACHE_IDS = ITEMS + ITEMS / 10;
  /** Distinct requests of each kind prepared; the mix walks through them. */
  private static final int VARIANTS = CACHE_IDS;

  private final byte[][] requests;

  RequestMix(String host, int port) {
    requests = new byte[VARIANTS * 4][];
    for (int i = 0; i < VARIANTS; i++) {
      int item = i % ITEMS + 1;
      requests[4 * i] = HttpConnection.get(host, port, "/plain");
      requests[4 * i + 1] = HttpConnection.get(host, port, "/items/" + item);
      requests[4 * i + 2] = HttpConnection.get(host, port, "/cache/" + (i % CACHE_IDS + 1));
      requests[4 * i + 3] = HttpConnection.post(host, port, "/orders?item=" + item);
    }
  }

  /** The {@code n}-th request of the mix (any {@code n} ≥ 0). */
  byte[] request(long n) {
    return requests[(int) (n % requests.length)];
  }
}

package dev.sonde.smoke.apps.httpclient;

import java.util.Map;

/** One HTTP client library, as an application would use it: one GET, its status code back. */
interface Client {

  /**
   * @param url the whole URL to GET
   * @param headers headers the application sets itself (a {@code traceparent} of its own)
   * @return the response's status code; a client that reports 4xx/5xx by throwing returns it
   *     here too, when the exception says it
   */
  int get(String url, Map<String, String> headers) throws Exception;
}

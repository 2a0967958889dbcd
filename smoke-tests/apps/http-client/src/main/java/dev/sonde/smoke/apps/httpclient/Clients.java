package dev.sonde.smoke.apps.httpclient;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * The clients {@code /call/<name>/...} can use, by name. To add a library: a dependency in this
 * module's pom and one entry here.
 */
final class Clients {

  private Clients() {}

  static Map<String, Client> all() {
    Map<String, Client> clients = new LinkedHashMap<>();
    clients.put("url-connection", Clients::urlConnection);
    HttpClient jdk = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    clients.put("jdk-sync", (url, headers) ->
        jdk.send(request(url, headers), HttpResponse.BodyHandlers.ofString()).statusCode());
    clients.put("jdk-async", (url, headers) -> {
      try {
        return jdk.sendAsync(request(url, headers), HttpResponse.BodyHandlers.ofString())
            .join().statusCode();
      } catch (CompletionException e) {
        throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
      }
    });
    return clients;
  }

  /** As most code does: the status, then the body, which throws for 4xx and 5xx. */
  private static int urlConnection(String url, Map<String, String> headers) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
    headers.forEach(connection::setRequestProperty);
    int status = connection.getResponseCode();
    try (InputStream body = status < 400 ? connection.getInputStream()
        : connection.getErrorStream()) {
      if (body != null) {
        body.readAllBytes();
      }
    }
    return status;
  }

  private static HttpRequest request(String url, Map<String, String> headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url));
    headers.forEach(builder::header);
    return builder.build();
  }
}

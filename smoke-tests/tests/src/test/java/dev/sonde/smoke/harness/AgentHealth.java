package dev.sonde.smoke.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The health endpoints of an app's agent ({@code /health}, {@code /health/live},
 * {@code /health/ready}), read as JSON.
 */
public final class AgentHealth {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final int port;

  /** The endpoints on {@code port}: the metrics port, unless {@code sonde.health.port} says. */
  public AgentHealth(int port) {
    this.port = port;
  }

  /** One answer: its status code and its JSON. */
  public record Answer(int statusCode, JsonNode json) {

    /** {@code status}: healthy, degraded or unhealthy (alive for liveness). */
    public String status() {
      return json.path("status").asText();
    }

    /** The check named {@code name}, or a missing node. */
    public JsonNode check(String name) {
      return json.path("checks").path(name);
    }

    /** The names of the checks, in order. */
    public List<String> checkNames() {
      List<String> names = new ArrayList<>();
      json.path("checks").fieldNames().forEachRemaining(names::add);
      return names;
    }

    @Override
    public String toString() {
      return statusCode + " " + json.toPrettyString();
    }
  }

  public Answer report() {
    return get("/health");
  }

  public Answer live() {
    return get("/health/live");
  }

  public Answer ready() {
    return get("/health/ready");
  }

  public Answer get(String path) {
    HttpResponse<String> response =
        Http.get(URI.create("http://" + Ports.LOOPBACK + ":" + port + path));
    try {
      return new Answer(response.statusCode(), JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new AssertionError("GET " + path + " on port " + port + " answered "
          + response.statusCode() + " with no JSON: " + response.body(), e);
    }
  }
}

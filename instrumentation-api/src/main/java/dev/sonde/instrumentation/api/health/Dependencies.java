package dev.sonde.instrumentation.api.health;

import dev.sonde.instrumentation.api.config.Config;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The endpoints of databases, Redis servers and RabbitMQ brokers the application has called, each
 * with its {@link DependencyWindow}: what the health endpoint reports on. Recorders ask for an
 * endpoint's window once (when they first see a connection, a URL, a channel) and keep it; the
 * calls then go straight to the window.
 *
 * <p>Bounded: past {@value #MAX_ENDPOINTS} endpoints, new ones of a type share one window, whose
 * endpoint is {@value #OVERFLOW}.
 */
public final class Dependencies {

  public static final String DATABASE = "database";
  public static final String REDIS = "redis";
  public static final String RABBITMQ = "rabbitmq";

  /** {@code sonde.health.enabled} (true): serve the health endpoints and keep these windows. */
  public static final String ENABLED_KEY = "sonde.health.enabled";
  /** {@code sonde.health.window} (60000 ms): how far back the dependency checks look. */
  public static final String WINDOW_KEY = "sonde.health.window";
  public static final int DEFAULT_WINDOW_MILLIS = 60_000;

  static final int MAX_ENDPOINTS = 100;
  /** The endpoint of the window shared by the endpoints beyond the bound. */
  public static final String OVERFLOW = "_other";
  /** The endpoint of calls whose server the agent could not tell. */
  public static final String UNKNOWN = "_unknown";

  private final boolean enabled;
  private final long windowNanos;
  private final ConcurrentHashMap<String, DependencyWindow> windows =
      new ConcurrentHashMap<String, DependencyWindow>();
  /** Handed out when disabled: records nothing. */
  private final DependencyWindow off;

  public Dependencies(boolean enabled, long windowMillis) {
    this.enabled = enabled;
    this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMillis);
    this.off = new DependencyWindow("none", "none", false, windowNanos, System.nanoTime());
  }

  /** As configured by {@value #ENABLED_KEY} and {@value #WINDOW_KEY}. */
  public static Dependencies from(Config config) {
    return new Dependencies(config.getBoolean(ENABLED_KEY, true),
        config.getInt(WINDOW_KEY, DEFAULT_WINDOW_MILLIS, 1000, 3_600_000));
  }

  public boolean enabled() {
    return enabled;
  }

  public long windowMillis() {
    return TimeUnit.NANOSECONDS.toMillis(windowNanos);
  }

  /**
   * The window of {@code endpoint} (null: {@value #UNKNOWN}) of a dependency of {@code type}; the
   * slow path, for recorders to call once per connection or URL and keep the result.
   */
  public DependencyWindow endpoint(String type, String endpoint) {
    if (!enabled) {
      return off;
    }
    String name = endpoint == null || endpoint.isEmpty() ? UNKNOWN : endpoint;
    String key = type + ':' + name;
    DependencyWindow window = windows.get(key);
    if (window != null) {
      return window;
    }
    if (windows.size() >= MAX_ENDPOINTS && !name.equals(OVERFLOW)) {
      return endpoint(type, OVERFLOW);
    }
    window = new DependencyWindow(type, name, true, windowNanos, System.nanoTime());
    DependencyWindow raced = windows.putIfAbsent(key, window);
    return raced != null ? raced : window;
  }

  /** Every endpoint called so far, by type then endpoint. */
  public List<DependencyWindow> endpoints() {
    List<DependencyWindow> all = new ArrayList<DependencyWindow>();
    for (DependencyWindow window : windows.values()) {
      if (window.used()) {
        all.add(window);
      }
    }
    Collections.sort(all, new Comparator<DependencyWindow>() {
      @Override
      public int compare(DependencyWindow a, DependencyWindow b) {
        int byType = a.type().compareTo(b.type());
        return byType != 0 ? byType : a.endpoint().compareTo(b.endpoint());
      }
    });
    return all;
  }
}

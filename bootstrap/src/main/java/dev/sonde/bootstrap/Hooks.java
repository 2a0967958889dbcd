package dev.sonde.bootstrap;

/**
 * The hooks inlined advice calls, set once by the agent when it has started. Until then they are
 * no-ops, so advice that runs early, or in an application where the agent failed to start,
 * records nothing and changes nothing.
 */
public final class Hooks {

  /** HTTP server requests: Servlet containers and the JDK {@code HttpServer}. */
  public static volatile HttpServerHook httpServer = HttpServerHook.NOOP;

  /** JDBC statements and connections, of any driver. */
  public static volatile JdbcHook jdbc = JdbcHook.NOOP;

  /** Jedis commands: sent on a connection, replies read from it in order. */
  public static volatile RedisHook jedis = RedisHook.NOOP;

  /** Lettuce commands: dispatched by the application, completed on an I/O thread. */
  public static volatile RedisHook lettuce = RedisHook.NOOP;

  /** RabbitMQ ({@code amqp-client}): publishes, deliveries, {@code basicGet}, queue depths. */
  public static volatile RabbitMqHook rabbitmq = RabbitMqHook.NOOP;

  /** Outgoing HTTP through the JDK's {@code HttpURLConnection} (http and https). */
  public static volatile UrlConnectionHook urlConnection = UrlConnectionHook.NOOP;

  /** Outgoing HTTP through third-party clients: OkHttp, Apache HttpClient 4 and 5. */
  public static volatile HttpClientHook httpClient = HttpClientHook.NOOP;
  /** Outgoing HTTP through the JDK's {@code java.net.http.HttpClient} (JDK 11+). */
  public static volatile JavaHttpClientHook javaHttpClient = JavaHttpClientHook.NOOP;

  /** Context handed from the thread that submits work to the thread that runs it. */
  public static volatile TaskContextHook taskContext = TaskContextHook.NOOP;

  /** Correlation fields for application log events. */
  public static volatile LogCorrelationHook logCorrelation = LogCorrelationHook.NOOP;

  /** Logback log events to ship over OTLP; {@link LogEventHook#NOOP} while shipping is off. */
  public static volatile LogEventHook logbackEvents = LogEventHook.NOOP;

  /** Log4j 2 log events to ship over OTLP; {@link LogEventHook#NOOP} while shipping is off. */
  public static volatile LogEventHook log4j2Events = LogEventHook.NOOP;

  /**
   * The agent's own HTTP server objects (its metrics endpoint): requests they serve are not the
   * application's and are not recorded.
   */
  public static volatile Object agentHttpServer;

  /** The agent's health endpoint server, when it has its own port: not recorded either. */
  public static volatile Object agentHealthServer;

  private Hooks() {}
}

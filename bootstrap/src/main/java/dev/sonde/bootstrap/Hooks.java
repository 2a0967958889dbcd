package dev.sonde.bootstrap;

/**
 * The hooks several modules share, set once by the agent when it has started; a hook of one module
 * sits in that module's boot-visible holder (as {@code dev.sonde.bootstrap.jdbc.JdbcHooks}). Until
 * then they are no-ops, so advice that runs early, or in an application where the agent failed to
 * start, records nothing and changes nothing.
 */
public final class Hooks {

  /** HTTP server requests: Servlet containers and the JDK {@code HttpServer}. */
  public static volatile HttpServerHook httpServer = HttpServerHook.NOOP;

  /**
   * Outgoing HTTP through the third-party clients' advice: OkHttp, Apache HttpClient 4 and 5
   * (classic and async). One slot for all of them: each module's {@code start} sets the same
   * recorder over the same {@code Telemetry}.
   */
  public static volatile HttpClientHook httpClient = HttpClientHook.NOOP;

  /**
   * Nesting of outgoing HTTP client calls, of every client module: a client built on another
   * ({@code getResponseCode} calling {@code getInputStream}, a library over
   * {@code HttpURLConnection}) is recorded once, by the outermost call. The agent's export thread
   * enters it once and never leaves, so its own requests are never recorded.
   */
  public static final CallDepth HTTP_CLIENT_DEPTH = CallDepth.kind("http.client");

  /** Context handed from the thread that submits work to the thread that runs it. */
  public static volatile TaskContextHook taskContext = TaskContextHook.NOOP;

  /** Correlation fields for application log events. */
  public static volatile LogCorrelationHook logCorrelation = LogCorrelationHook.NOOP;

  /**
   * The agent's own HTTP server objects (its metrics endpoint): requests they serve are not the
   * application's and are not recorded.
   */
  public static volatile Object agentHttpServer;

  /** The agent's health endpoint server, when it has its own port: not recorded either. */
  public static volatile Object agentHealthServer;

  private Hooks() {}
}

package dev.sonde.smoke.apps.tomcat9;

import dev.sonde.smoke.apps.fanout.FanOut;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import javax.servlet.AsyncContext;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * An embedded Tomcat 9 (javax.servlet) application, written as if the agent did not exist.
 *
 * <pre>
 *   /*          filter: logs "filter saw &lt;path&gt;"
 *   /users/*    200 "user &lt;id&gt;", logs "loading user &lt;id&gt;"
 *   /boom       throws IllegalStateException("boom")
 *   /orders/*   200 "order &lt;id&gt; rejected", logs WARN "order &lt;id&gt; rejected" with an
 *               IllegalArgumentException("no stock for order &lt;id&gt;"), order_id=&lt;id&gt; in the MDC
 *   /forward    forwards to /users/7
 *   /async      startAsync, completes ~300 ms (or ?millis=N) later on another thread with "async done"
 *   /fanout/*   hands work to other threads, see FanOut: 200 "fanned out &lt;id&gt;"
 *   /untraced/* has a thread no request touched run work on the same pools: 200 "untraced &lt;id&gt;"
 *   /           everything else: 404
 * </pre>
 *
 * Port: {@code args[0]} or {@code -Dapp.port}. Log file: {@code -Dapp.log.file} (see logback.xml).
 * With {@code -Dapp.tick.millis=N}, a thread "ticker", in no request, logs "tick &lt;n&gt;" every N ms.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  /** Tomcat logs through java.util.logging to stderr; keep it to warnings (a strong reference). */
  private static final java.util.logging.Logger TOMCAT_LOG = java.util.logging.Logger.getLogger("org.apache");
  static final long ASYNC_WORK_MILLIS = 300;

  private Main() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args.length > 0 ? args[0] : System.getProperty("app.port", "8080"));
    TOMCAT_LOG.setLevel(java.util.logging.Level.WARNING);
    LOG.info("outside request");
    startTicking();

    File baseDir = Files.createTempDirectory("tomcat9-app").toFile();
    baseDir.deleteOnExit();
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.getAbsolutePath());
    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(port);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);

    Context context = tomcat.addContext("", baseDir.getAbsolutePath());

    FilterDef filterDef = new FilterDef();
    filterDef.setFilterName("logging");
    filterDef.setFilter(new LoggingFilter());
    context.addFilterDef(filterDef);
    FilterMap filterMap = new FilterMap();
    filterMap.setFilterName("logging");
    filterMap.addURLPattern("/*");
    context.addFilterMap(filterMap);

    Tomcat.addServlet(context, "users", new UsersServlet());
    context.addServletMappingDecoded("/users/*", "users");
    Tomcat.addServlet(context, "orders", new OrdersServlet());
    context.addServletMappingDecoded("/orders/*", "orders");
    Tomcat.addServlet(context, "boom", new BoomServlet());
    context.addServletMappingDecoded("/boom", "boom");
    Tomcat.addServlet(context, "forward", new ForwardServlet());
    context.addServletMappingDecoded("/forward", "forward");
    Wrapper async = Tomcat.addServlet(context, "async", new AsyncServlet());
    async.setAsyncSupported(true);
    context.addServletMappingDecoded("/async", "async");
    FanOutServlet fanOut = new FanOutServlet(new FanOut(LOG::info));
    Tomcat.addServlet(context, "fanout", fanOut);
    context.addServletMappingDecoded("/fanout/*", "fanout");
    context.addServletMappingDecoded("/untraced/*", "fanout");
    Tomcat.addServlet(context, "default", new NotFoundServlet());
    context.addServletMappingDecoded("/", "default");

    tomcat.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        tomcat.stop();
        tomcat.destroy();
      } catch (Exception ignored) {
        // the JVM is going away
      }
    }));
    tomcat.getServer().await();
  }

  /** Lines outside any request, once the app runs: {@code -Dapp.tick.millis}. */
  private static void startTicking() {
    long millis = Long.getLong("app.tick.millis", 0);
    if (millis <= 0) {
      return;
    }
    Thread ticker = new Thread(() -> {
      try {
        for (long tick = 1; ; tick++) {
          Thread.sleep(millis);
          LOG.info("tick {}", tick);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "ticker");
    ticker.setDaemon(true);
    ticker.start();
  }

  static final class LoggingFilter implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      LOG.info("filter saw {}", ((HttpServletRequest) request).getRequestURI());
      chain.doFilter(request, response);
    }
  }

  static final class UsersServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      String pathInfo = request.getPathInfo();
      String id = pathInfo == null ? "" : pathInfo.substring(1);
      LOG.info("loading user {}", id);
      response.setContentType("text/plain");
      response.getWriter().write("user " + id);
    }
  }

  static final class OrdersServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      String pathInfo = request.getPathInfo();
      String id = pathInfo == null ? "" : pathInfo.substring(1);
      MDC.put("order_id", id);
      try {
        LOG.warn("order {} rejected", id,
            new IllegalArgumentException("no stock for order " + id));
      } finally {
        MDC.remove("order_id");
      }
      response.setContentType("text/plain");
      response.getWriter().write("order " + id + " rejected");
    }
  }

  static final class BoomServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
      throw new IllegalStateException("boom");
    }
  }

  static final class ForwardServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws ServletException, IOException {
      request.getRequestDispatcher("/users/7").forward(request, response);
    }
  }

  static final class AsyncServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      String millis = request.getParameter("millis");
      long workMillis = millis == null ? ASYNC_WORK_MILLIS : Long.parseLong(millis);
      AsyncContext async = request.startAsync();
      async.setTimeout(30_000);
      Thread worker = new Thread(() -> {
        try {
          Thread.sleep(workMillis);
          HttpServletResponse asyncResponse = (HttpServletResponse) async.getResponse();
          asyncResponse.setContentType("text/plain");
          asyncResponse.getWriter().write("async done");
        } catch (Exception e) {
          LOG.error("async work failed", e);
        } finally {
          async.complete();
        }
      }, "async-worker");
      worker.start();
    }
  }

  static final class FanOutServlet extends HttpServlet {
    private final FanOut fanOut;

    FanOutServlet(FanOut fanOut) {
      this.fanOut = fanOut;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException, ServletException {
      String id = request.getPathInfo().substring(1);
      boolean untraced = request.getServletPath().equals("/untraced");
      try {
        if (untraced) {
          fanOut.untraced(id);
        } else {
          fanOut.fanOut(id);
        }
      } catch (Exception e) {
        throw new ServletException(e);
      }
      response.setContentType("text/plain");
      response.getWriter().write((untraced ? "untraced " : "fanned out ") + id);
    }
  }

  /** What Tomcat's DefaultServlet does for a path with no resource behind it. */
  static final class NotFoundServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
  }
}

package dev.sonde.smoke.apps.jetty12;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Jetty 12.1 application with ee10 (jakarta.servlet) servlets, written as if the agent did not
 * exist.
 *
 * <pre>
 *   /*          filter: logs "filter saw &lt;path&gt;"
 *   /users/*    200 "user &lt;id&gt;", logs "loading user &lt;id&gt;"
 *   /boom       throws IllegalStateException("boom")
 *   /forward    forwards to /users/7
 *   /async      startAsync, completes ~300 ms (or ?millis=N) later on another thread with "async done"
 *   anything else: Jetty's own 404
 * </pre>
 *
 * Port: {@code args[0]} or {@code -Dapp.port}. Log file: {@code -Dapp.log.file} (see logback.xml).
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  static final long ASYNC_WORK_MILLIS = 300;

  private Main() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args.length > 0 ? args[0] : System.getProperty("app.port", "8080"));
    LOG.info("outside request");

    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(new FilterHolder(new LoggingFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new UsersServlet()), "/users/*");
    context.addServlet(new ServletHolder(new BoomServlet()), "/boom");
    context.addServlet(new ServletHolder(new ForwardServlet()), "/forward");
    ServletHolder async = new ServletHolder(new AsyncServlet());
    async.setAsyncSupported(true);
    context.addServlet(async, "/async");
    server.setHandler(context);
    server.setStopAtShutdown(true);

    server.start();
    server.join();
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
}

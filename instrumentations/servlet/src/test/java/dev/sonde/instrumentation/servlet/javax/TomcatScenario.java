package dev.sonde.instrumentation.servlet.javax;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.function.Supplier;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.webresources.TomcatURLStreamHandlerFactory;

/**
 * Run in the advice harness's loader: a real embedded Tomcat 9 on an ephemeral port, with one
 * servlet that answers 200 on {@code /ok} and throws on {@code /fail}. {@link #get} starts it and
 * answers its port; {@link #close} stops it.
 */
public class TomcatScenario implements Supplier<Integer>, AutoCloseable {

  private Tomcat tomcat;

  /** The application's servlet. */
  public static final class Orders extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws ServletException, IOException {
      if (request.getRequestURI().endsWith("/fail")) {
        throw new ServletException("Request processing failed",
            new IllegalStateException("out of stock"));
      }
      response.getWriter().write("ok");
    }
  }

  @Override
  public Integer get() {
    try {
      File base = Files.createTempDirectory("sonde-tomcat").toFile();
      // Not the JVM-wide URL handler factory: each harness loader has its own Tomcat classes.
      TomcatURLStreamHandlerFactory.disable();
      tomcat = new Tomcat();
      tomcat.setBaseDir(base.getAbsolutePath());
      tomcat.setPort(0);
      tomcat.getConnector();
      Context context = tomcat.addContext("", base.getAbsolutePath());
      Tomcat.addServlet(context, "orders", new Orders());
      context.addServletMappingDecoded("/*", "orders");
      tomcat.start();
      return tomcat.getConnector().getLocalPort();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }
}

package dev.sonde.smoke.apps.spring;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small Petclinic-flavoured Spring Boot 4 application, written as if the agent did not exist,
 * and run the way users run theirs: {@code java -jar spring-boot-app.jar}, a fat jar whose classes
 * Spring Boot's launcher loads from nested jars.
 *
 * <pre>
 *   /vets              200, JSON list of the vets (a JPA query)
 *   /vets/{id}         200, one vet as JSON (a JPA query), 404 when there is none
 *   /boom?vet=&lt;id&gt;   logs "looking for vet &lt;id&gt; on call", then throws
 *                      VetNotAvailableException("vet &lt;id&gt; is not on call"); no @ExceptionHandler:
 *                      Spring MVC wraps it in a ServletException, Tomcat logs "Servlet.service() for
 *                      servlet [dispatcherServlet] ... threw exception" and dispatches to /error,
 *                      which answers 500
 *   /login             creates an HTTP session and redirects to /vets; a client without cookies
 *                      is sent to /vets;jsessionid=...
 *   /admin/reindex     runs CREATE INDEX ON vets (last_name) and SELECT * FROM SYSTEM_RANGE(1, 3)
 *                      through JdbcTemplate: 200 "reindexed, range 3"
 *   /actuator/health   Actuator (and /actuator/info)
 * </pre>
 *
 * The same statements as /admin/reindex run once at start-up, after the seed rows are saved.
 * Every request, and the error dispatch, passes a filter that logs "dispatch &lt;type&gt; &lt;uri&gt;".
 *
 * <p>Port: {@code args[0]} (what the smoke harness passes), else {@code -Dapp.port}, else 8080.
 * Log file: {@code -Dapp.log.file} (see application.properties).
 */
@SpringBootApplication
public class PetclinicApplication {

  public static void main(String[] args) {
    SpringApplication application = new SpringApplication(PetclinicApplication.class);
    Map<String, Object> defaults = new HashMap<>();
    if (args.length > 0 && args[0].matches("[0-9]+")) {
      defaults.put("app.port", args[0]);
    }
    application.setDefaultProperties(defaults);
    application.run(args);
  }
}

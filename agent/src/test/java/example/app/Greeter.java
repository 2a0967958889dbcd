package example.app;

/**
 * An application class for the transformer's tests: outside the agent's packages, which the
 * transformer leaves alone by name.
 */
public class Greeter {
  public String greet(String name) {
    return "hello " + name;
  }

  public String wave() {
    return "wave";
  }
}

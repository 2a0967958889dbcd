package dev.sonde.agent.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sonde.enabled=false} means nothing at all: the premain reads the flag and returns. */
class SondeAgentTest {

  private static final String[] KEYS = {"sonde.enabled", "sonde.config", "sonde.log.level"};

  private final List<String> instrumentationCalls = new ArrayList<>();
  private final Instrumentation instrumentation = (Instrumentation) Proxy.newProxyInstance(
      getClass().getClassLoader(), new Class<?>[] {Instrumentation.class},
      (proxy, method, args) -> {
        instrumentationCalls.add(method.getName());
        throw new AssertionError("the disabled agent called Instrumentation." + method.getName());
      });

  @TempDir
  Path dir;

  @AfterEach
  void clearProperties() {
    for (String key : KEYS) {
      System.clearProperty(key);
    }
  }

  /** Runs the premain, returning what it wrote to stderr. */
  private String premain() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(captured, true));
      SondeAgent.premain(null, instrumentation);
    } finally {
      System.setErr(original);
    }
    return captured.toString();
  }

  @Test
  void disabledByTheSystemPropertyThePremainTouchesNothingAndSetsNoPropertyAndSaysSoOnce() {
    System.setProperty("sonde.enabled", " FALSE ");
    Properties before = (Properties) System.getProperties().clone();

    String stderr = premain();

    assertThat(instrumentationCalls).as("no boot class path, no transformer").isEmpty();
    assertThat(System.getProperties()).isEqualTo(before);
    assertThat(stderr.lines()).singleElement().asString()
        .isEqualTo("[sonde] INFO Disabled by sonde.enabled=false: the agent does nothing in this JVM");
  }

  @Test
  void disabledInTheConfigurationFileItIsDisabledToo() throws Exception {
    Path file = dir.resolve("sonde.properties");
    Files.writeString(file, "sonde.enabled=false\n");
    System.setProperty("sonde.config", file.toString());

    String stderr = premain();

    assertThat(instrumentationCalls).isEmpty();
    assertThat(stderr.lines()).singleElement().asString().startsWith("[sonde] INFO Disabled");
  }

  @Test
  void theSystemPropertyWinsOverTheFile() throws Exception {
    Path file = dir.resolve("sonde.properties");
    Files.writeString(file, "sonde.enabled=true\n");
    System.setProperty("sonde.config", file.toString());
    System.setProperty("sonde.enabled", "false");

    assertThat(premain()).startsWith("[sonde] INFO Disabled");
    assertThat(instrumentationCalls).isEmpty();
  }

  @Test
  void atLogLevelWarnOrQuieterTheDisabledAgentSaysNothing() throws Exception {
    System.setProperty("sonde.enabled", "false");
    System.setProperty("sonde.log.level", "warn");
    assertThat(premain()).isEmpty();

    System.clearProperty("sonde.log.level");
    Path file = dir.resolve("quiet.properties");
    Files.writeString(file, "sonde.log.level=OFF\n");
    System.setProperty("sonde.config", file.toString());
    assertThat(premain()).isEmpty();
    assertThat(instrumentationCalls).isEmpty();
  }

  @Test
  void anythingButFalseLeavesTheAgentOnAsDoesAnUnreadableFile() {
    assertThat(SondeAgent.enabled()).isTrue();
    System.setProperty("sonde.enabled", "no");
    assertThat(SondeAgent.enabled()).as("an invalid value is reported later, as any").isTrue();
    System.clearProperty("sonde.enabled");
    System.setProperty("sonde.config", dir.resolve("missing.properties").toString());
    assertThat(SondeAgent.enabled()).isTrue();
  }
}

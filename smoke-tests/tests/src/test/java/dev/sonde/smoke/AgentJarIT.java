package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.smoke.harness.AgentApp;
import java.nio.file.Files;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The agent jar users download: at most 8 MB (the shade step packs only what the agent reaches),
 * and the gRPC exporter's OkHttp stays packed, relocated, for {@code protocol=grpc}.
 */
class AgentJarIT {

  /** 8 MB as the docs count it: 10^6 bytes each. */
  private static final long MAX_BYTES = 8_000_000;

  @Test
  void theJarIsAtMost8MbAndStillCarriesTheGrpcExportersOkHttp() throws Exception {
    assertThat(Files.size(AgentApp.agentJar())).as("sonde-agent.jar, bytes")
        .isLessThanOrEqualTo(MAX_BYTES);
    try (ZipFile jar = new ZipFile(AgentApp.agentJar().toFile())) {
      assertThat(jar.getEntry("inst/dev/sonde/shaded/okhttp3/OkHttpClient.classdata")).isNotNull();
      assertThat(jar.stream().map(e -> e.getName()))
          .as("nothing under the application's own okhttp3 name but the okhttp module's advice")
          .noneMatch(name -> name.startsWith("okhttp3/") || name.startsWith("inst/okhttp3/"));
    }
  }
}

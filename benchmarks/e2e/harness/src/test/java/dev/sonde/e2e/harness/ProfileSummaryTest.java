package dev.sonde.e2e.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileSummaryTest {

  /** Three request-thread stacks and one of the export thread. */
  private static final List<String> PROFILE = List.of(
      "[http-nio-127.0.0.1-8080-exec-1 tid=41];java/lang/Thread.run;javax/servlet/http/HttpServlet.service;"
          + "dev/sonde/instrumentation/api/http/HttpServerRecorder.end;"
          + "dev/sonde/agent/trace/CompactSpan.end 6",
      "[http-nio-127.0.0.1-8080-exec-2 tid=42];java/lang/Thread.run;dev/sonde/e2e/app/ItemServlet.doGet;"
          + "dev/sonde/instrumentation/jdbc/JdbcRecorder.start;java/lang/ThreadLocal.get 2",
      "[http-nio-127.0.0.1-8080-exec-2 tid=42];java/lang/Thread.run;dev/sonde/e2e/app/ItemServlet.doGet;"
          + "org/postgresql/jdbc/PgPreparedStatement.executeQuery;__GI_write 12",
      "[sonde-span-export tid=50];dev/sonde/agent/export/ExportLoop.loop;__GI_write 3");

  @Test
  void countsTheRequestThreadsTimeUnderTheAgentsFramesByTheOutermost() {
    ProfileSummary summary = ProfileSummary.parse(PROFILE, AgentSetup.SONDE);

    assertThat(summary.samples()).isEqualTo(23);
    assertThat(summary.underAgentOnRequestThreads())
        .as("the application's own frames under dev/sonde/e2e are not the agent's").isEqualTo(8);
    assertThat(summary.agentMicrosPerRequest(1000))
        .as("8 samples of 5 ms over 1000 requests").isEqualTo(40.0);
    assertThat(summary.describe(1000))
        .contains("100.00  http-nio-N.N.N.N-N-exec-N")
        .contains(" 15.00  sonde-span-export")
        .contains(" 10.00  in thread-local lookups")
        .contains(" 40.00  under the agent's frames")
        .contains(" 30.00    dev/sonde/instrumentation/api/http/HttpServerRecorder.end")
        .contains(" 10.00    dev/sonde/instrumentation/jdbc/JdbcRecorder.start");
  }

  @Test
  void withoutAnAgentNothingIsTheAgentsAndTheOpenTelemetryAgentsFramesAreItsOwn() {
    List<String> otel = List.of("[http-nio-1-exec-1 tid=1];java/lang/Thread.run;"
        + "io/opentelemetry/javaagent/bootstrap/Java8BytecodeBridge.currentContext 4");

    assertThat(ProfileSummary.parse(PROFILE, AgentSetup.NONE).underAgentOnRequestThreads())
        .isZero();
    assertThat(ProfileSummary.parse(otel, AgentSetup.OTEL).underAgentOnRequestThreads())
        .isEqualTo(4);
  }

  @Test
  void namesThreadGroupsWithTheirDigitsAsN() {
    assertThat(ProfileSummary.threadGroup("[http-nio-127.0.0.1-8080-exec-10 tid=4711]"))
        .isEqualTo("http-nio-N.N.N.N-N-exec-N");
    assertThat(ProfileSummary.threadGroup("[C2 CompilerThread0 tid=9]"))
        .isEqualTo("CN CompilerThreadN");
  }
}

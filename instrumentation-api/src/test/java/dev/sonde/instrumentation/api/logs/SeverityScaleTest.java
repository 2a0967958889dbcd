package dev.sonde.instrumentation.api.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.logs.Severity;
import org.junit.jupiter.api.Test;

/**
 * Each framework's standard levels land on the OpenTelemetry severity of the same name; custom
 * levels between two standard ones land on the less important of the two.
 */
class SeverityScaleTest {

  @Test
  void logbacksLevelsMapOntoTheSeveritiesOfTheSameName() {
    // Logback's Level.X_INT constants.
    assertThat(SeverityScale.LOGBACK.severity(5000)).isEqualTo(Severity.TRACE);
    assertThat(SeverityScale.LOGBACK.severity(10000)).isEqualTo(Severity.DEBUG);
    assertThat(SeverityScale.LOGBACK.severity(20000)).isEqualTo(Severity.INFO);
    assertThat(SeverityScale.LOGBACK.severity(30000)).isEqualTo(Severity.WARN);
    assertThat(SeverityScale.LOGBACK.severity(40000)).isEqualTo(Severity.ERROR);
  }

  @Test
  void log4j2sLevelsMapOntoTheSeveritiesOfTheSameName() {
    // Log4j 2's StandardLevel int levels.
    assertThat(SeverityScale.LOG4J2.severity(100)).isEqualTo(Severity.FATAL);
    assertThat(SeverityScale.LOG4J2.severity(200)).isEqualTo(Severity.ERROR);
    assertThat(SeverityScale.LOG4J2.severity(300)).isEqualTo(Severity.WARN);
    assertThat(SeverityScale.LOG4J2.severity(400)).isEqualTo(Severity.INFO);
    assertThat(SeverityScale.LOG4J2.severity(500)).isEqualTo(Severity.DEBUG);
    assertThat(SeverityScale.LOG4J2.severity(600)).isEqualTo(Severity.TRACE);
  }

  @Test
  void aCustomLevelBetweenTwoStandardOnesTakesTheLessImportantSeverity() {
    assertThat(SeverityScale.LOG4J2.severity(350)).as("Log4j 2 NOTICE-like level")
        .isEqualTo(Severity.INFO);
    assertThat(SeverityScale.LOG4J2.severity(50)).isEqualTo(Severity.FATAL);
    assertThat(SeverityScale.LOGBACK.severity(25000)).isEqualTo(Severity.INFO);
    assertThat(SeverityScale.LOGBACK.severity(Integer.MIN_VALUE)).isEqualTo(Severity.TRACE);
  }
}

package dev.sonde.instrumentation.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.instrumentation.api.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The values of sensitive query parameters never reach a span; everything else does, unchanged. */
class QueryRedactionTest {

  private final QueryRedaction redaction = QueryRedaction.DEFAULT;

  private static QueryRedaction configured(String value) {
    return QueryRedaction.from(new Config(Map.of(QueryRedaction.KEY, value), Map.of(),
        new Properties()));
  }

  @Test
  void theValueOfASensitiveKeyBecomesRedactedAndTheOtherParametersStay() {
    assertThat(redaction.redact("token=abc&page=2")).isEqualTo("token=REDACTED&page=2");
    assertThat(redaction.redact("page=2&password=hunter2")).isEqualTo("page=2&password=REDACTED");
    assertThat(redaction.redact("a=1&sig=xyz&b=2&key=k&c=3"))
        .isEqualTo("a=1&sig=REDACTED&b=2&key=REDACTED&c=3");
  }

  @Test
  void everyDefaultKeyIsSensitive() {
    for (String key : new String[] {"password", "token", "access_token", "refresh_token",
        "secret", "client_secret", "code", "sig", "signature", "AWSAccessKeyId",
        "X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token", "X-Goog-Signature",
        "X-Goog-Credential", "api_key", "apikey", "key"}) {
      assertThat(redaction.redact("q=1&" + key + "=s3cr3t")).as(key)
          .isEqualTo("q=1&" + key + "=REDACTED");
    }
  }

  @Test
  void aPresignedUrlKeepsItsAlgorithmDateAndExpiryButNotItsCredentialTokenOrSignature() {
    String s3 = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
        + "&X-Amz-Credential=ASIAQ3EGUV7EXAMPLE%2F20260105%2Feu-west-1%2Fs3%2Faws4_request"
        + "&X-Amz-Date=20260105T101500Z&X-Amz-Expires=900"
        + "&X-Amz-Security-Token=IQoJb3JpZ2luX2VjEJr%2F%2F%2F%2F%2FwEaCWV1LXdlc3QtMSJHMEUCIQ"
        + "&X-Amz-SignedHeaders=host"
        + "&X-Amz-Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024";
    assertThat(redaction.redact(s3)).isEqualTo("X-Amz-Algorithm=AWS4-HMAC-SHA256"
        + "&X-Amz-Credential=REDACTED&X-Amz-Date=20260105T101500Z&X-Amz-Expires=900"
        + "&X-Amz-Security-Token=REDACTED&X-Amz-SignedHeaders=host&X-Amz-Signature=REDACTED");
    String gcs = "X-Goog-Algorithm=GOOG4-RSA-SHA256"
        + "&X-Goog-Credential=uploader%40project.iam.gserviceaccount.com%2F20260105%2Fauto"
        + "%2Fstorage%2Fgoog4_request&X-Goog-Date=20260105T101500Z&X-Goog-Expires=600"
        + "&X-Goog-SignedHeaders=host&X-Goog-Signature=8a3b0c";
    assertThat(redaction.redact(gcs)).isEqualTo("X-Goog-Algorithm=GOOG4-RSA-SHA256"
        + "&X-Goog-Credential=REDACTED&X-Goog-Date=20260105T101500Z&X-Goog-Expires=600"
        + "&X-Goog-SignedHeaders=host&X-Goog-Signature=REDACTED");
    assertThat(redaction.redact("code=4%2F0AanRRrt&state=af0ifjsldkj&scope=email"))
        .isEqualTo("code=REDACTED&state=af0ifjsldkj&scope=email");
  }

  @Test
  void keysMatchIgnoringCaseButOnlyAsAWholeKey() {
    assertThat(redaction.redact("TOKEN=abc&x-amz-signature=def"))
        .isEqualTo("TOKEN=REDACTED&x-amz-signature=REDACTED");
    assertThat(redaction.redact("tokens=abc&monkey=1&keyboard=2&sigma=3"))
        .isEqualTo("tokens=abc&monkey=1&keyboard=2&sigma=3");
  }

  @Test
  void aQueryWithNothingToHideIsReturnedItselfNotACopy() {
    String query = "page=2&size=20&sort=name";
    assertThat(redaction.redact(query)).isSameAs(query);
    String empty = "token=&key";
    assertThat(redaction.redact(empty)).as("no value, nothing to hide").isSameAs(empty);
    String done = "token=REDACTED";
    assertThat(redaction.redact(done)).isSameAs(done);
    assertThat(redaction.redact(null)).isNull();
  }

  @Test
  void repeatedKeysEmptyParametersAndValuesWithEqualsSignsAreHandled() {
    assertThat(redaction.redact("token=a&&token=b=c&"))
        .isEqualTo("token=REDACTED&&token=REDACTED&");
    assertThat(redaction.redact("=x&token=y")).isEqualTo("=x&token=REDACTED");
  }

  @Test
  void inAFullUrlOnlyTheQueryIsRedactedNotThePathOrTheFragment() {
    assertThat(redaction.redactUrl("https://s3.local/b/key=1?X-Amz-Signature=abc&x=1#token=t"))
        .isEqualTo("https://s3.local/b/key=1?X-Amz-Signature=REDACTED&x=1#token=t");
    String plain = "https://shop.local/users?page=2";
    assertThat(redaction.redactUrl(plain)).isSameAs(plain);
    String noQuery = "https://shop.local/users";
    assertThat(redaction.redactUrl(noQuery)).isSameAs(noQuery);
  }

  @Test
  void theConfiguredListReplacesTheDefault() {
    QueryRedaction own = configured(" session , Auth ");
    assertThat(own.redact("session=1&auth=2&token=3")).isEqualTo("session=REDACTED&auth=REDACTED&token=3");
    assertThat(own).hasToString("session,Auth");
  }

  @Test
  void noneTurnsRedactionOff() {
    String query = "token=abc";
    assertThat(configured("none").redact(query)).isSameAs(query);
  }

  @Test
  void aListThatCannotBeParameterNamesGetsOneWarnAndTheDefault() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    QueryRedaction parsed;
    try {
      System.setErr(new PrintStream(captured, true));
      parsed = configured("token=1");
    } finally {
      System.setErr(original);
    }
    assertThat(parsed.redact("token=abc")).isEqualTo("token=REDACTED");
    assertThat(captured.toString().lines()).singleElement().asString().startsWith("[sonde] WARN")
        .contains(QueryRedaction.KEY).contains("'token=1'").contains("password,token");
  }
}

package dev.sonde.instrumentation.apache4;

import dev.sonde.instrumentation.api.testing.ClassicClientAdviceContract;

/**
 * {@link ApacheHttpClient4Advice} in the real Apache HttpClient 4 (the version the build names in
 * {@code httpclient.expected}: the oldest and the newest supported).
 */
class ApacheHttpClient4AdviceTest extends ClassicClientAdviceContract {

  ApacheHttpClient4AdviceTest() {
    super(new ApacheHttpClient4Instrumentation(), "org.apache.http.", ApacheHttpClient4Scenario.class,
        "org/apache/http/impl/client/CloseableHttpClient.class",
        "org.apache.http.impl.client.InternalHttpClient");
  }
}

package dev.sonde.instrumentation.apache5;

import dev.sonde.instrumentation.api.testing.ClassicClientAdviceContract;

/**
 * {@link ApacheHttpClient5Advice} in the real Apache HttpClient 5 classic (the version the build names in
 * {@code httpclient.expected}: the oldest and the newest supported).
 */
class ApacheHttpClient5AdviceTest extends ClassicClientAdviceContract {

  ApacheHttpClient5AdviceTest() {
    super(new ApacheHttpClient5Instrumentation(), "org.apache.hc.", ApacheHttpClient5Scenario.class,
        "org/apache/hc/client5/http/impl/classic/CloseableHttpClient.class",
        "org.apache.hc.client5.http.impl.classic.InternalHttpClient");
  }
}

package dev.payql.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payql.app.e2e.PayqlTestInstance;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first start on an empty data directory answers before the sample market data is loaded (issue
 * 14): the load is held back here until the test has seen the server, so nothing depends on how
 * long a load takes.
 */
class SampleDataLoadsWhileServingTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MARKET_QUERY = "{\"query\":\"{ exchange(exchangeSymbol:\\\"binance\\\") { country } }\"}";
  private static final String INTROSPECTION = "{\"query\":\"{ __schema { queryType { name } } }\"}";
  private static final String SOME_KEY = "ab".repeat(32);

  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path dataDir;

  @Test
  void answersBeforeTheSampleDataIsLoadedAndIsReadyOnceItIs() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch loadWaiting = new CountDownLatch(1);
    try (PayqlApplication app = PayqlApplication.start(PayqlTestInstance.config(dataDir, Map.of()), Clock.systemUTC(),
        PayqlApplication.Overrides.none(), load -> () -> {
          loadWaiting.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          load.run();
        })) {
      String base = "http://127.0.0.1:" + app.port();
      loadWaiting.await();

      assertThat(app.dataReady()).isFalse();
      assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
      assertThat(get(base + "/health").statusCode()).as("loading is no outage").isEqualTo(200);
      HttpResponse<String> notReady = get(base + "/health/ready");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(notReady.body()).at("/checks/marketData").asText()).isEqualTo("down");

      HttpResponse<String> invoice = post(base + "/api/invoice", MARKET_QUERY, null);
      assertDataLoading(invoice);
      assertDataLoading(post(base + "/graphql", MARKET_QUERY, null));
      assertDataLoading(post(base + "/graphql", MARKET_QUERY, SOME_KEY));
      HttpResponse<String> introspection = post(base + "/graphql", INTROSPECTION, null);
      assertThat(introspection.statusCode()).as(introspection.body()).isEqualTo(200);
      assertThat(JSON.readTree(introspection.body()).at("/data/__schema/queryType/name").asText()).isEqualTo("Query");

      release.countDown();
      assertThat(app.awaitDataReady(Duration.ofMinutes(10))).isTrue();

      assertThat(awaitReady(base)).as("readiness flips once the data is loaded").isEqualTo(200);
      HttpResponse<String> sold = post(base + "/api/invoice", MARKET_QUERY, null);
      assertThat(sold.statusCode()).as(sold.body()).isEqualTo(200);
      assertThat(JSON.readTree(sold.body()).path("paymentRequest").asText()).startsWith("ln");
    } finally {
      release.countDown();
    }
  }

  private static void assertDataLoading(HttpResponse<String> answer) throws Exception {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
    JsonNode problem = JSON.readTree(answer.body());
    assertThat(problem.path("code").asText()).isEqualTo("data_loading");
    assertThat(answer.headers().firstValue("Retry-After")).isPresent();
  }

  /** The readiness report is reused for a second, so the first answers after the flip may still say 503. */
  private int awaitReady(String base) throws Exception {
    HttpResponse<String> ready = get(base + "/health/ready");
    for (int attempt = 0; attempt < 100 && ready.statusCode() != 200; attempt++) {
      Thread.sleep(100);
      ready = get(base + "/health/ready");
    }
    return ready.statusCode();
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String body, String key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}

package dev.payql.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fifty clients redeeming one paid key at once over HTTP: exactly one execution on the server. */
class ConcurrentRedemptionEndToEndTest {

  private static final String BODY = Buyer.body("{ exchange (exchangeSymbol:\"binance\") { country } }");

  @TempDir
  Path dataDir;

  @Test
  void fiftyThreadsRedeemingOnePaidKeyExecuteItExactlyOnce() throws Exception {
    WatchedEngine[] engine = new WatchedEngine[1];
    try (PayqlTestInstance payql = PayqlTestInstance.start(dataDir, Map.of(), Clock.systemUTC(),
        real -> engine[0] = new WatchedEngine(real))) {
      Buyer buyer = payql.buyer();
      JsonNode invoice = buyer.invoice(BODY);
      buyer.pay(invoice);
      String key = invoice.get("apikey").asText();

      CountDownLatch start = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      try (ExecutorService clients = Executors.newFixedThreadPool(50)) {
        for (int i = 0; i < 50; i++) {
          answers.add(clients.submit(() -> {
            start.await();
            return buyer.graphql(key, BODY);
          }));
        }
        start.countDown();
        int fresh = 0;
        String firstBody = null;
        for (Future<HttpResponse<String>> future : answers) {
          HttpResponse<String> answer = future.get();
          assertThat(answer.statusCode()).as(answer.body()).isIn(200, 409);
          if (answer.statusCode() == 409) {
            assertThat(Buyer.parse(answer).get("code").asText()).isEqualTo("redemption_in_progress");
            continue;
          }
          boolean replay = answer.headers().firstValue("PayQL-Replay").isPresent();
          fresh += replay ? 0 : 1;
          firstBody = firstBody == null ? answer.body() : firstBody;
          assertThat(answer.body()).as("every 200 carries the same bytes").isEqualTo(firstBody);
        }
        assertThat(fresh).as("answers that ran the request").isEqualTo(1);
      }
      assertThat(engine[0].executions()).as("executions counted by the server").isEqualTo(1);
    }
  }
}

package dev.payql.app.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payql.app.PayqlApplication;
import dev.payql.app.e2e.Buyer;
import dev.payql.app.e2e.PayqlTestInstance;
import dev.payql.ports.out.store.PurchaseStore;
import dev.payql.ports.testing.CallCounter;
import dev.payql.ports.testing.Eventually;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping PayQL while buyers wait on their invoices answers them; it never fails them with a 500. */
class StoppingDuringALongPollTest {

  @TempDir
  Path dataDir;

  @Test
  void longPollsWaitingWhenPayqlStopsAreAnsweredWithTheStateKnown() throws Exception {
    CallCounter store = new CallCounter();
    PayqlTestInstance payql = PayqlTestInstance.start(dataDir, Map.of(), Clock.systemUTC(),
        PayqlApplication.Overrides.none().withStore(s -> store.wrap(PurchaseStore.class, s)));
    Buyer buyer = payql.buyer();
    JsonNode invoice = buyer.invoice(Buyer.body("{ exchange(exchangeSymbol:\"binance\") { country } }"));
    String key = invoice.get("apikey").asText();
    long readsBefore = store.count("findByKeyDigest");
    CompletableFuture<HttpResponse<String>> poll = CompletableFuture.supplyAsync(() ->
        buyer.get("/api/invoice/status?wait=60", Map.of("Authorization", "Bearer " + key)));
    // the poll is in the use case once it has read its purchase; whether it waits yet or is about to
    // makes no difference to the answer
    Eventually.await("the long poll to start", () -> store.count("findByKeyDigest") > readsBefore);

    payql.close();

    HttpResponse<String> answer = poll.get(60, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(Buyer.parse(answer).get("state").asText()).isEqualTo("awaiting_payment");
  }
}

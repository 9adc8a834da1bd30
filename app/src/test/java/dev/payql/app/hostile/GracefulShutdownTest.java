package dev.payql.app.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payql.app.e2e.Buyer;
import dev.payql.app.e2e.PayqlTestInstance;
import dev.payql.app.e2e.WatchedEngine;
import dev.payql.ports.testing.Eventually;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping is graceful: PayQL stops taking requests (its port refuses connections), lets the paid
 * request it is executing finish and answer, and only then closes the store and the node.
 */
class GracefulShutdownTest {

  private static final String BODY = Buyer.body("{ exchange(exchangeSymbol: \"binance\") { country } }");

  @TempDir
  Path dataDir;

  @Test
  void aRequestExecutingWhenPayqlStopsFinishesWhileNewOnesAreRefused() throws Exception {
    WatchedEngine[] engine = new WatchedEngine[1];
    PayqlTestInstance payql = PayqlTestInstance.start(dataDir, Map.of(), Clock.systemUTC(),
        real -> engine[0] = new WatchedEngine(real));
    int port = payql.app().port();
    Buyer buyer = payql.buyer();
    JsonNode invoice = buyer.invoice(BODY);
    buyer.pay(invoice);
    CountDownLatch executing = engine[0].holdNext();
    CompletableFuture<HttpResponse<String>> paid = CompletableFuture.supplyAsync(() ->
        buyer.graphql(invoice.get("apikey").asText(), BODY));
    assertThat(executing.await(60, TimeUnit.SECONDS)).as("the paid request to start executing").isTrue();

    CompletableFuture<Void> stopping = CompletableFuture.runAsync(payql::close);
    Eventually.await("PayQL to stop taking connections", () -> refusesConnections(port));
    assertThat(paid).as("the request in flight is still running").isNotDone();
    assertThat(stopping).as("stopping waits for it").isNotDone();

    engine[0].release();

    HttpResponse<String> answer = paid.get(60, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(Buyer.parse(answer).at("/data/exchange/country").asText()).isNotBlank();
    stopping.get(60, TimeUnit.SECONDS);
    assertThat(engine[0].executions()).isEqualTo(1);
  }

  private static boolean refusesConnections(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}

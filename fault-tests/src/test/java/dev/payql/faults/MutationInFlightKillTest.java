package dev.payql.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.api.upstream.YogaUpstream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mutation in flight when its PayQL process is SIGKILLed arrives at the upstream at most once
 * (ADR 0033): the process dies after GraphQL Yoga received the mutation and before it answered, a
 * new process starts on the same data, and once the dead executor's lease lapses the buyer's retry
 * answers 409 {@code outcome_unknown} instead of sending the mutation again. Counted on the
 * upstream's side.
 */
class MutationInFlightKillTest {

  /** A hang guard on a loaded machine, not a measure. */
  private static final Duration GUARD = Duration.ofMinutes(2);

  @TempDir
  Path run;

  @Test
  void aMutationInFlightAtTheKillArrivesAtMostOnceAndIsRefundable() throws Exception {
    try (YogaUpstream upstream = YogaUpstream.start(); HttpClient http = Shop.client()) {
      // the upstream answers after a minute; PayQL's forward would give up after 6 s: the kill comes first
      PayqlProcess.Launch launch = PayqlProcess.Launch.of(run.resolve("data"), run.resolve("executions.log"),
              run.resolve("logs"))
          .withSetting("PAYQL_UPSTREAM_URL", upstream.graphqlUrl().toString())
          .withSetting("PAYQL_EXECUTION_TIMEOUT", "6s")
          .withSetting("PAYQL_EXECUTION_LEASE", "8s");
      String body = Shop.JSON.createObjectNode()
          .put("query", "mutation { addNote(text: \"in-flight\", delayMs: 60000) { id } }").toString();

      PayqlProcess first = PayqlProcess.start(launch);
      Shop shop = new Shop(http, first.baseUrl(), new Tally());
      Shop.Answer bought = shop.buy(body);
      String key = bought.json().get("apikey").asText();
      assertThat(shop.pay(bought.json().get("paymentRequest").asText()).status()).isEqualTo(200);
      assertThat(bought.status()).isEqualTo(200);
      ExecutorService buyer = Executors.newSingleThreadExecutor();
      Future<?> inFlight = buyer.submit(() -> shop.run(body, key));
      awaitArrival(upstream);
      first.kill9();
      buyer.shutdown();

      PayqlProcess second = PayqlProcess.start(launch);
      try {
        Shop again = new Shop(http, second.baseUrl(), new Tally());
        String state = awaitStateOtherThanExecuting(again, key);
        Shop.Answer retry = again.run(body, key);
        Shop.Answer retryAgain = again.run(body, key);

        assertThat(inFlight.isDone()).isTrue();
        assertThat(state).isEqualTo("outcome_unknown");
        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.code()).isEqualTo("outcome_unknown");
        assertThat(retryAgain.code()).isEqualTo("outcome_unknown");
        assertThat(upstream.mutationsOf("in-flight")).as("counted on the upstream's side").isEqualTo(1);
      } finally {
        second.stop();
      }
    }
  }

  private static void awaitArrival(YogaUpstream upstream) {
    Instant guard = Instant.now().plus(GUARD);
    while (upstream.mutationsOf("in-flight") == 0) {
      if (Instant.now().isAfter(guard)) {
        throw new AssertionError("the mutation never reached the upstream");
      }
      PayqlProcess.sleep(Duration.ofMillis(20));
    }
  }

  /** The status once the dead executor's lease lapsed: the new process answers it without a sweep. */
  private static String awaitStateOtherThanExecuting(Shop shop, String key) throws Exception {
    Instant guard = Instant.now().plus(GUARD);
    while (true) {
      String state = shop.status(key).json().path("state").asText();
      if (!state.equals("executing") || Instant.now().isAfter(guard)) {
        return state;
      }
      PayqlProcess.sleep(Duration.ofMillis(200));
    }
  }

}
